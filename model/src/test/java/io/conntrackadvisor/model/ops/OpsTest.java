package io.conntrackadvisor.model.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OpsTest {

  @Test
  void shouldReplaceAFileWholeAndLeaveNoTemporaryFiles(@TempDir Path dir) throws Exception {
    Path f = dir.resolve("state.json");
    assertThat(AtomicFiles.writeIfChanged(f, "one".getBytes(StandardCharsets.UTF_8))).isTrue();
    assertThat(AtomicFiles.writeIfChanged(f, "one".getBytes(StandardCharsets.UTF_8))).isFalse();
    AtomicFiles.write(f, "two".getBytes(StandardCharsets.UTF_8));

    assertThat(Files.readString(f)).isEqualTo("two");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(f))).isEqualTo("rw-r--r--");
    try (var files = Files.list(dir)) {
      assertThat(files.map(p -> p.getFileName().toString())).containsExactly("state.json");
    }
  }

  @Test
  void shouldServeMetricsHealthAndReadinessOnGetAndHeadOnly() throws Exception {
    Metrics metrics = new Metrics("test_");
    metrics.counter("lines", "Lines read.", "source", "kmsg").increment(3);
    metrics.gauge("held", "Records held.", () -> 7);
    System.gc(); // the gauge's function must outlive a collection
    AtomicBoolean ready = new AtomicBoolean();
    try (OpsServer server = OpsServer.start(new InetSocketAddress("127.0.0.1", 0), "test-ops", metrics,
        () -> new OpsServer.Check(true, "RUNNING"),
        () -> new OpsServer.Check(ready.get(), ready.get() ? "ready" : "not yet"))) {
      HttpClient http = HttpClient.newHttpClient();
      URI uri = URI.create("http://127.0.0.1:" + server.port() + OpsServer.METRICS);
      HttpResponse<String> get = http.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
      HttpResponse<String> head = http.send(HttpRequest.newBuilder(uri).method("HEAD",
          HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
      HttpResponse<String> post = http.send(HttpRequest.newBuilder(uri).POST(HttpRequest.BodyPublishers.noBody())
          .build(), HttpResponse.BodyHandlers.ofString());

      assertThat(get.statusCode()).isEqualTo(200);
      assertThat(get.body()).contains("# TYPE test_lines_total counter\n", "test_lines_total{source=\"kmsg\"} 3.0\n",
          "test_held 7.0\n");
      assertThat(get.headers().firstValue("Content-Type")).hasValue("text/plain; version=0.0.4; charset=utf-8");
      assertThat(head.statusCode()).isEqualTo(200);
      assertThat(head.body()).isEmpty();
      assertThat(post.statusCode()).isEqualTo(405);
      assertThat(metrics.count("lines")).isEqualTo(3);
      assertThat(get(http, server, OpsServer.HEALTH)).isEqualTo("200 RUNNING\n");
      assertThat(get(http, server, OpsServer.READY)).isEqualTo("503 not yet\n");
      ready.set(true);
      assertThat(get(http, server, OpsServer.READY)).isEqualTo("200 ready\n");
    }
  }

  @Test
  void shouldServeACommandsOwnPagesBesideTheOperationsEndpoints() throws Exception {
    Map<String, OpsServer.Page> pages = Map.of("/", uri -> uri.getPath().equals("/")
        ? OpsServer.Answer.ok("text/html; charset=utf-8", "<p>fleet " + uri.getQuery() + "</p>")
        : new OpsServer.Answer(404, "text/plain", new byte[0]));
    try (OpsServer server = OpsServer.start(new InetSocketAddress("127.0.0.1", 0), "test-pages",
        new Metrics("test_"), () -> new OpsServer.Check(true, "up"), () -> new OpsServer.Check(true, "ready"),
        pages, 2)) {
      HttpClient http = HttpClient.newHttpClient();

      assertThat(get(http, server, "/?window=1h")).isEqualTo("200 <p>fleet window=1h</p>");
      assertThat(get(http, server, "/other")).isEqualTo("404 ");
      assertThat(get(http, server, OpsServer.HEALTH)).isEqualTo("200 up\n");
    }
  }

  private static String get(HttpClient http, OpsServer server, String path) throws Exception {
    HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
        .build(), HttpResponse.BodyHandlers.ofString());
    return r.statusCode() + " " + r.body();
  }

  @Test
  void shouldEndAWaitEarlyOnceTheSignalIsSet() {
    StopSignal stop = new StopSignal();
    assertThat(stop.sleep(Duration.ofMillis(1))).isTrue();
    stop.set();
    long t0 = System.nanoTime();
    assertThat(stop.sleep(Duration.ofSeconds(30))).isFalse();
    assertThat(stop.isSet()).isTrue();
    assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(5));
  }
}
