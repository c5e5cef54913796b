package io.conntrackadvisor.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.conntrackadvisor.app.demo.Demo;
import java.io.ByteArrayOutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README's first command, end to end: real broker, Streams, sink and ship agents on the simulated incident. */
class DemoIT {

  @Test
  void shouldRecommendRaisingMaxFrom200ForTheOverloadedHostAndWriteItsDropIn(@TempDir Path dir) throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    int rc;
    try (PrintWriter out = new PrintWriter(new OutputStreamWriter(bytes, StandardCharsets.UTF_8), true);
        Demo demo = new Demo(dir, null, out)) {
      rc = demo.run(Duration.ofSeconds(150), false);
    }
    String printed = bytes.toString(StandardCharsets.UTF_8);

    assertThat(rc).as(printed).isZero();
    assertThat(printed).contains("broker ready: bootstrap.servers=127.0.0.1:")
        .contains("recommendation: == docker-web-1: CRITICAL")
        .contains("net.netfilter.nf_conntrack_max: 200 -> 254110")
        .contains("recommendation: == api-gw-2: WARNING")
        .contains("recommendation: == db-1: INFO");
    Path dropIn = dir.resolve("out/docker-web-1/90-conntrack-advisor.conf");
    assertThat(Files.readString(dropIn)).contains("net.netfilter.nf_conntrack_max = 254110");
    assertThat(Files.readString(dir.resolve("out/index.html"))).contains("docker-web-1").contains("api-gw-2");
  }
}
