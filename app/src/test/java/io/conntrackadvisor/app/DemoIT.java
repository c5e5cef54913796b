package io.conntrackadvisor.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.conntrackadvisor.app.demo.Demo;
import io.conntrackadvisor.sink.report.Chromium;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README's first command, end to end: real broker, Streams, sink and ship agents on the simulated incident. */
class DemoIT {

  @Test
  void shouldRecommendRaisingMaxFrom200ForTheOverloadedHostAndWriteItsDropIn(@TempDir Path dir) throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    int rc;
    String dom = null;
    try (PrintWriter out = new PrintWriter(new OutputStreamWriter(bytes, StandardCharsets.UTF_8), true);
        Demo demo = new Demo(dir, null, out)) {
      rc = demo.run(Duration.ofSeconds(150), false);
      Optional<Chromium> chromium = Chromium.find();
      if (rc == 0 && chromium.isPresent()) {
        // the pipeline still runs (as with --keep-open): the hosts go on sampling, the open page updates itself
        dom = chromium.get().load(demo.dashboardUrl() + "index-15m.html", null, 1280, 1400, Duration.ofSeconds(5),
            dir.resolve("chromium-test"));
      }
    }
    String printed = bytes.toString(StandardCharsets.UTF_8);

    assertThat(rc).as(printed).isZero();
    assertThat(printed).contains("broker ready: bootstrap.servers=127.0.0.1:")
        .containsPattern("live dashboard: http://127\\.0\\.0\\.1:[0-9]+/")
        .contains("recommendation: == docker-web-1: CRITICAL")
        .contains("net.netfilter.nf_conntrack_max: 200 -> 254110")
        .contains("recommendation: == api-gw-2: WARNING")
        .contains("recommendation: == db-1: INFO");
    Path dropIn = dir.resolve("out/docker-web-1/90-conntrack-advisor.conf");
    assertThat(Files.readString(dropIn)).contains("net.netfilter.nf_conntrack_max = 254110");
    assertThat(Files.readString(dir.resolve("out/index.html"))).contains("docker-web-1").contains("api-gw-2");
    assumeTrue(dom != null, "chromium is not installed: the dashboard's browser checks are skipped");
    assertThat(dom).contains("<tr class=\"host-row\" data-host=\"docker-web-1\"", "data-host=\"api-gw-2\"",
        "data-host=\"db-1\"", "<rect class=\"burst\"").containsPattern("<body data-updates=\"[1-9]");
    assertThat(Pattern.compile("<path class=\"count\" data-points=\"(\\d+)\"").matcher(dom).results()
        .map(m -> Integer.parseInt(m.group(1)))).as("a line of every host's samples, the healthy one's too")
        .hasSize(3).allMatch(n -> n >= 24); // the scenario samples every host every second for 24 s
    for (String host : List.of("docker-web-1", "api-gw-2", "db-1")) {
      Path png = dir.resolve("out/dashboard-" + host + ".png");
      BufferedImage image = ImageIO.read(png.toFile());
      assertThat(image.getWidth()).as(host).isEqualTo(1280);
      assertThat(colors(image)).as("%s's screenshot is not blank", host).isGreaterThan(50);
      assertThat(hasColor(image, 0x1565c0)).as("%s's entries line", host).isTrue();
    }
  }

  private static long colors(BufferedImage image) {
    Set<Integer> seen = new HashSet<>();
    for (int y = 0; y < image.getHeight(); y += 2) {
      for (int x = 0; x < image.getWidth(); x += 2) {
        seen.add(image.getRGB(x, y) & 0xffffff);
      }
    }
    return seen.size();
  }

  private static boolean hasColor(BufferedImage image, int rgb) {
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
