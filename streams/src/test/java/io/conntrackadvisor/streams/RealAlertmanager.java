package io.conntrackadvisor.streams;

import com.fasterxml.jackson.databind.JsonNode;
import io.conntrackadvisor.model.Json;
import java.io.IOException;
import java.net.ConnectException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real Alertmanager (Debian's {@code prometheus-alertmanager}, which {@code bin/test} installs) run by a test in
 * the foreground: its own config, storage folder and free loopback port, clustering off, stopped by {@link #close()}.
 * Nothing of the machine's own Alertmanager (if any) is read or touched. Its routes are the example of
 * docs/alertmanager.md, as a user pastes them, with the receivers they name (without integrations).
 */
final class RealAlertmanager implements AutoCloseable {
  /** The binary; {@code -Dalertmanager.bin=PATH} points at another. */
  static final Path BINARY = Path.of(System.getProperty("alertmanager.bin", "/usr/bin/prometheus-alertmanager"));
  private static final String RECEIVERS = "receivers:\n  - name: default\n  - name: oncall-pager\n"
      + "  - name: team-chat\n";

  private final Process process;
  private final Path log;
  private final URI base;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  /** Starts one in {@code dir} and waits until it is ready. */
  RealAlertmanager(Path dir) throws IOException, InterruptedException {
    Files.createDirectories(dir);
    Path config = Files.writeString(dir.resolve("alertmanager.yml"),
        ItKit.docBlock("alertmanager.md", "A route for them:") + RECEIVERS);
    this.log = dir.resolve("alertmanager.log");
    int port = freePort();
    this.base = URI.create("http://127.0.0.1:" + port);
    this.process = new ProcessBuilder(BINARY.toString(), "--config.file=" + config,
        "--storage.path=" + dir.resolve("data"), "--web.listen-address=127.0.0.1:" + port,
        "--cluster.listen-address=")
        .redirectErrorStream(true).redirectOutput(log.toFile()).start();
    awaitReady();
  }

  /** The base URL, as a user gives it to the sink. */
  URI url() {
    return base;
  }

  /** The alerts {@code GET /api/v2/alerts} lists as active (not silenced, inhibited or resolved). */
  List<JsonNode> activeAlerts() throws IOException, InterruptedException {
    HttpResponse<String> r = http.send(HttpRequest.newBuilder(base.resolve(
        "/api/v2/alerts?active=true&silenced=false&inhibited=false&unprocessed=true")).build(),
        HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() != 200) {
      throw new IOException("Alertmanager answered " + r.statusCode() + ": " + r.body());
    }
    List<JsonNode> alerts = new ArrayList<>();
    Json.mapper().readTree(r.body()).forEach(a -> {
      if ("active".equals(a.path("status").path("state").asText())) {
        alerts.add(a);
      }
    });
    return alerts;
  }

  private void awaitReady() throws IOException, InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IOException("Alertmanager exited with " + process.exitValue() + ": " + Files.readString(log));
      }
      try {
        HttpResponse<Void> r = http.send(HttpRequest.newBuilder(base.resolve("/-/ready")).build(),
            HttpResponse.BodyHandlers.discarding());
        if (r.statusCode() == 200) {
          return;
        }
      } catch (ConnectException e) {
        // not listening yet
      }
      Thread.sleep(100);
    }
    close();
    throw new IOException("Alertmanager not ready within 30 s: " + Files.readString(log));
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }
}
