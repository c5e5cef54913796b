package io.conntrackadvisor.model.ops;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

/**
 * The operations endpoints of every command, on the JDK's HTTP server with one daemon thread: {@code /metrics}
 * (the command's {@link Metrics}), {@code /health} (200 while the command works, 503 once it failed or stopped) and
 * {@code /ready} (200 once it does its job, e.g. Kafka Streams {@code RUNNING}). GET and HEAD only.
 */
public final class OpsServer implements AutoCloseable {
  /** The metrics path. */
  public static final String METRICS = "/metrics";
  /** The liveness path. */
  public static final String HEALTH = "/health";
  /** The readiness path. */
  public static final String READY = "/ready";

  /** An answer of {@code /health} or {@code /ready}: up or not, and one line saying why. */
  public record Check(boolean ok, String text) {
  }

  private final HttpServer server;
  private final ExecutorService executor;

  private OpsServer(HttpServer server, ExecutorService executor) {
    this.server = server;
    this.executor = executor;
  }

  /**
   * Binds {@code address} (port 0: any free port) and serves until closed, from a thread named {@code threadName}.
   */
  public static OpsServer start(InetSocketAddress address, String threadName, Metrics metrics,
      Supplier<Check> health, Supplier<Check> ready) throws IOException {
    HttpServer server = HttpServer.create(address, 0);
    ExecutorService executor = Executors.newSingleThreadExecutor(r -> {
      Thread t = new Thread(r, threadName);
      t.setDaemon(true);
      return t;
    });
    server.setExecutor(executor);
    server.createContext(METRICS, ex -> respond(ex, 200, metrics.scrape(), Metrics.CONTENT_TYPE));
    server.createContext(HEALTH, ex -> check(ex, health.get()));
    server.createContext(READY, ex -> check(ex, ready.get()));
    server.start();
    return new OpsServer(server, executor);
  }

  /** The port bound (the real one when 0 was asked for). */
  public int port() {
    return server.getAddress().getPort();
  }

  private static void check(HttpExchange exchange, Check c) throws IOException {
    respond(exchange, c.ok() ? 200 : 503, c.text() + "\n", "text/plain; charset=utf-8");
  }

  private static void respond(HttpExchange exchange, int status, String text, String contentType)
      throws IOException {
    try (exchange) {
      String method = exchange.getRequestMethod();
      if (!"GET".equals(method) && !"HEAD".equals(method)) {
        exchange.sendResponseHeaders(405, -1);
        return;
      }
      byte[] body = text.getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().set("Content-Type", contentType);
      boolean head = "HEAD".equals(method);
      exchange.sendResponseHeaders(status, head ? -1 : body.length);
      if (!head) {
        try (OutputStream out = exchange.getResponseBody()) {
          out.write(body);
        }
      }
    }
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
