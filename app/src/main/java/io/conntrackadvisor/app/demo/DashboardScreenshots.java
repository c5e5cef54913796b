package io.conntrackadvisor.app.demo;

import io.conntrackadvisor.sink.report.Chromium;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
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

  /** Takes them (the 15-minute page of each host); none without Chromium. */
  static void take(String dashboardUrl, Path outDir, List<String> hosts, Path work, PrintWriter out)
      throws InterruptedException {
    Optional<Chromium> chromium = Chromium.find();
    if (chromium.isEmpty()) {
      out.println("==> no screenshots of the dashboard: chromium is not installed (apt-get install chromium)");
      return;
    }
    boolean written = false;
    for (String host : hosts) {
      Path png = outDir.resolve("dashboard-" + host + ".png");
      try {
        Files.deleteIfExists(png);
        chromium.get().load(dashboardUrl + "index-15m.html?host=" + URLEncoder.encode(host, StandardCharsets.UTF_8),
            png, WIDTH, HEIGHT, null, work);
        written = true;
      } catch (IOException e) {
        out.println("==> no screenshot of " + host + ": " + e.getMessage());
      }
    }
    if (written) {
      out.println("==> screenshots of the dashboard: " + outDir.resolve("dashboard-*.png"));
    }
  }
}
