package io.conntrackadvisor.app.demo;

import io.conntrackadvisor.sink.report.Chromium;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Screenshots of the live dashboard, one per host ({@code OUT/dashboard-<host>.png}, beside the report), taken by
 * headless Chromium when it is installed: what the demo's charts looked like, for a README or a ticket.
 */
final class DashboardScreenshots {
  static final int WIDTH = 1280;
  static final int HEIGHT = 900;

  private DashboardScreenshots() {
  }

  /** The file of {@code host}'s screenshot in {@code outDir}. */
  static Path file(Path outDir, String host) {
    return outDir.resolve("dashboard-" + host + ".png");
  }

  /** Takes them (the 15-minute page of each host); returns the files written, none without Chromium. */
  static List<Path> take(String dashboardUrl, Path outDir, List<String> hosts, Path work, PrintWriter out)
      throws InterruptedException {
    Optional<Chromium> chromium = Chromium.find();
    if (chromium.isEmpty()) {
      out.println("==> no screenshots of the dashboard: chromium is not installed (apt-get install chromium)");
      return List.of();
    }
    List<Path> written = new ArrayList<>();
    for (String host : hosts) {
      Path png = file(outDir, host);
      try {
        Files.deleteIfExists(png);
        chromium.get().load(dashboardUrl + "index-15m.html?host=" + URLEncoder.encode(host, StandardCharsets.UTF_8),
            png, WIDTH, HEIGHT, null, work);
        written.add(png);
      } catch (IOException e) {
        out.println("==> no screenshot of " + host + ": " + e.getMessage());
      }
    }
    if (!written.isEmpty()) {
      out.println("==> screenshots of the dashboard: " + outDir.resolve("dashboard-*.png"));
    }
    return written;
  }
}
