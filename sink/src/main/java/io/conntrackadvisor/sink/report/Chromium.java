package io.conntrackadvisor.sink.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Headless Chromium, as the demo takes screenshots of the dashboard and the browser tests read the page: one run
 * loads a URL in a fresh profile, prints the DOM and writes a screenshot. No sandbox (it runs as root in CI), no
 * GPU, no network of its own beyond the page.
 */
public final class Chromium {
  private static final Duration TIMEOUT = Duration.ofSeconds(90);
  private static final List<Path> CANDIDATES = List.of(Path.of("/usr/bin/chromium"),
      Path.of("/usr/bin/chromium-browser"), Path.of("/usr/bin/google-chrome"));

  private final Path binary;

  private Chromium(Path binary) {
    this.binary = binary;
  }

  /** The installed Chromium ({@code apt-get install chromium}), if any. */
  public static Optional<Chromium> find() {
    return CANDIDATES.stream().filter(Files::isExecutable).findFirst().map(Chromium::new);
  }

  /**
   * Loads {@code url} in a window {@code width} x {@code height} and returns the DOM it then has; writes a PNG to
   * {@code screenshot} unless it is null. With {@code budget}, the page's timers run that much (virtual) time
   * first, and time stands still while the page waits for the network: an update the page fetches is in the DOM.
   *
   * @param work a folder for the profile and the log
   * @throws IOException when Chromium fails or takes longer than 90 s (the message names its log)
   */
  public String load(String url, Path screenshot, int width, int height, Duration budget, Path work)
      throws IOException, InterruptedException {
    Path profile = Files.createTempDirectory(Files.createDirectories(work), "chromium-profile");
    Path dom = profile.resolveSibling(profile.getFileName() + ".dom.html");
    Path log = profile.resolveSibling(profile.getFileName() + ".log");
    List<String> cmd = new ArrayList<>(List.of(binary.toString(), "--headless", "--no-sandbox", "--disable-gpu",
        "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--hide-scrollbars", "--user-data-dir=" + profile, "--window-size=" + width + "," + height));
    if (screenshot != null) {
      cmd.add("--screenshot=" + screenshot.toAbsolutePath());
    }
    if (budget != null) {
      cmd.add("--virtual-time-budget=" + budget.toMillis());
    }
    cmd.add("--dump-dom");
    cmd.add(url);
    Process p = new ProcessBuilder(cmd).redirectOutput(dom.toFile()).redirectError(log.toFile()).start();
    if (!p.waitFor(TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new IOException("chromium did not finish within " + TIMEOUT + "; its log: " + log);
    }
    if (p.exitValue() != 0) {
      throw new IOException("chromium exited with " + p.exitValue() + "; its log: " + log);
    }
    if (screenshot != null && !Files.isRegularFile(screenshot)) {
      throw new IOException("chromium wrote no screenshot; its log: " + log);
    }
    return Files.readString(dom, StandardCharsets.UTF_8);
  }
}
