package io.conntrackadvisor.sink;

import io.conntrackadvisor.sink.report.Chromium;
import io.conntrackadvisor.sink.report.ReportOutput;
import static io.conntrackadvisor.sink.TestData.MAX;
import static io.conntrackadvisor.sink.TestData.T;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.sun.net.httpserver.HttpServer;
import io.conntrackadvisor.model.BurstFinding;
import io.conntrackadvisor.model.DropsFinding;
import io.conntrackadvisor.model.Recommendation;
import io.conntrackadvisor.model.SaturationFinding;
import io.conntrackadvisor.model.SaturationLevel;
import io.conntrackadvisor.model.Severity;
import java.awt.image.BufferedImage;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The HTML report in a real browser: headless Chromium loads it, we read its DOM and look at its screenshot. */
class ReportChromiumIT {
  private static final Instant NOW = T.plusSeconds(3600);

  @TempDir
  Path tmp;

  @Test
  void shouldRenderTheFleetTableAndChartsWithoutLoadingAnythingElse() throws Exception {
    Optional<Chromium> chromium = Chromium.find();
    assumeTrue(chromium.isPresent(), "chromium is not installed (apt-get install chromium): "
        + "the browser check of the report is skipped");
    Path out = tmp.resolve("out");
    writeReport(out);
    List<String> requested = new CopyOnWriteArrayList<>();
    HttpServer server = serve(out, requested);
    Path screenshot = Path.of("target", "report-screenshot.png").toAbsolutePath();
    Files.createDirectories(screenshot.getParent());
    Files.deleteIfExists(screenshot);
    try {
      String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/index.html";
      String dom = chromium.get().load(url, screenshot, 1280, 1600, null, tmp);

      assertThat(rowHosts(dom)).containsExactly("lb-1", "nat-gw", "db-2");
      assertThat(dom).contains("<td class=\"sev sev-critical\">critical</td>", "≈419", "1,234");
      assertThat(Pattern.compile("<svg class=\"chart\"").matcher(dom).results().count()).isEqualTo(3);
      assertThat(dom).as("the top namespaces of lb-1, hostile owner shown as text")
          .contains("<tr class=\"ns-row\" data-netns=\"4026532177\">", "container 3f2a1b9c0d4e, processes nginx",
              "&lt;script&gt;document.title='pwned'&lt;/script&gt;")
          .doesNotContain("pwned</title>");
      assertThat(dom.split("<script").length - 1).as("only the page's own script").isEqualTo(1);
      assertThat(requested).as("the page loads nothing but itself and its live part")
          .allMatch(p -> p.equals("/index.html") || p.equals("/live")).contains("/index.html");
    } finally {
      server.stop(0);
    }
    BufferedImage image = ImageIO.read(screenshot.toFile());
    assertThat(image.getWidth()).isEqualTo(1280);
    assertThat(containsColor(image, 0xc62828)).as("the critical badge and the limit line are drawn").isTrue();
    assertThat(containsColor(image, 0x1565c0)).as("the entries line is drawn").isTrue();
  }

  /** A report of three hosts: one critical with a burst and its top namespaces, one warning with drops, one quiet. */
  private static void writeReport(Path out) throws Exception {
    ReportOutput report = new ReportOutput(new OutputDirectory(out), Duration.ofHours(24), true,
        Clock.fixed(NOW, ZoneOffset.UTC), new SinkMetrics());
    report.add(TestData.valid(TestData.withNamespaces("lb-1", 262144,
        TestData.namespace(4026532177L, 200, "3f2a1b9c0d4e", "nginx"),
        TestData.namespace(4026532180L, 3, "<script>document.title='pwned'</script>", "sh"))));
    report.add(TestData.valid(TestData.withHashsize("nat-gw", 262144, 65536)));
    report.add(TestData.valid(new Recommendation("db-2", T, Severity.INFO, Map.of(MAX, 262144L), Map.of(),
        List.of("table at 35 %"), "", null)));
    for (int i = 0; i <= 60; i++) {
      Instant at = T.minusSeconds(1800).plusSeconds(i * 60L);
      long lb = Math.min(200, 90 + i * 3L);
      report.add(new SaturationFinding("lb-1", at, lb, 200, lb / 200.0, SaturationLevel.OK, null));
      report.add(new SaturationFinding("nat-gw", at, 40_000 + i * 300L, 65536, 0.7, SaturationLevel.OK, null));
      report.add(new SaturationFinding("db-2", at, 90_000 + (i % 7) * 500L, 262144, 0.35, SaturationLevel.OK, null));
    }
    report.add(BurstFinding.of("lb-1", null, T.plusSeconds(300), T.plusSeconds(306), 7, 412, true));
    report.add(new DropsFinding("nat-gw", T, T.plusSeconds(30), 1234, 0, 0));
    report.flush();
  }

  private static HttpServer serve(Path out, List<String> requested) throws Exception {
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/", exchange -> {
      try (exchange) {
        String path = exchange.getRequestURI().getPath();
        requested.add(path);
        if (!path.equals("/index.html")) {
          exchange.sendResponseHeaders(404, -1);
          return;
        }
        byte[] body = Files.readAllBytes(out.resolve("index.html"));
        exchange.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
        exchange.sendResponseHeaders(200, body.length);
        exchange.getResponseBody().write(body);
      }
    });
    server.start();
    return server;
  }

  private static List<String> rowHosts(String dom) {
    Matcher m = Pattern.compile("<tr class=\"host-row\" data-host=\"([^\"]+)\"").matcher(dom);
    return m.results().map(r -> r.group(1)).toList();
  }

  private static boolean containsColor(BufferedImage image, int rgb) {
    for (int y = 0; y < image.getHeight(); y++) {
      for (int x = 0; x < image.getWidth(); x++) {
        if ((image.getRGB(x, y) & 0xffffff) == rgb) {
          return true;
        }
      }
    }
    return false;
  }
}
