package io.conntrackadvisor.model.ops;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

/**
 * The operations endpoints of every command, on the JDK's HTTP server with one daemon thread: {@code /metrics}
 * (the command's {@link Metrics}), {@code /health} (200 while the command works, 503 once it failed or stopped) and
 * {@code /ready} (200 once it does its job, e.g. Kafka Streams {@code RUNNING}). GET and HEAD only.
 *
 * <p>A command may serve pages of its own beside them ({@link #start(InetSocketAddress, String, Metrics, Supplier,
 * Supplier, Map, int)}: the sink's live dashboard); a page may hold its request a while (a long poll), so such a
 * server has several threads.
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

  /** The answer of a page: status, content type and body. */
  public record Answer(int status, String contentType, byte[] body) {
    /** A 200 answer with {@code text} encoded as UTF-8. */
    public static Answer ok(String contentType, String text) {
      return new Answer(200, contentType, text.getBytes(StandardCharsets.UTF_8));
    }

    /** An answer of one line of plain text, UTF-8. */
    public static Answer text(int status, String line) {
      return new Answer(status, "text/plain; charset=utf-8", (line + "\n").getBytes(StandardCharsets.UTF_8));
    }
  }

  /** A page served beside the operations endpoints: answers a GET of its path (query included). */
  @FunctionalInterface
  public interface Page {
    /** The answer to {@code uri}; may block a while (a long poll), never forever. */
    Answer answer(URI uri) throws IOException, InterruptedException;
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
    return start(address, threadName, metrics, health, ready, Map.of(), 1);
  }

  /**
   * As {@link #start(InetSocketAddress, String, Metrics, Supplier, Supplier)}, also serving {@code pages} (path
   * prefix to page, {@code "/"} for every other path) from {@code threads} threads.
   */
  public static OpsServer start(InetSocketAddress address, String threadName, Metrics metrics,
      Supplier<Check> health, Supplier<Check> ready, Map<String, Page> pages, int threads) throws IOException {
    HttpServer server = HttpServer.create(address, 0);
    ExecutorService executor = Executors.newFixedThreadPool(threads, r -> {
      Thread t = new Thread(r, threadName);
      t.setDaemon(true);
      return t;
    });
    server.setExecutor(executor);
    server.createContext(METRICS, ex -> respond(ex, Answer.ok(Metrics.CONTENT_TYPE, metrics.scrape())));
    server.createContext(HEALTH, ex -> check(ex, health.get()));
    server.createContext(READY, ex -> check(ex, ready.get()));
    pages.forEach((path, page) -> server.createContext(path, ex -> page(ex, page)));
    server.start();
    return new OpsServer(server, executor);
  }

  /** The port bound (the real one when 0 was asked for). */
  public int port() {
    return server.getAddress().getPort();
  }

  private static void page(HttpExchange exchange, Page page) throws IOException {
    Answer a;
    try {
      a = page.answer(exchange.getRequestURI());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      a = Answer.text(503, "stopping");
    }
    respond(exchange, a);
  }

  private static void check(HttpExchange exchange, Check c) throws IOException {
    respond(exchange, Answer.text(c.ok() ? 200 : 503, c.text()));
  }

  private static void respond(HttpExchange exchange, Answer a) throws IOException {
    try (exchange) {
      String method = exchange.getRequestMethod();
      if (!"GET".equals(method) && !"HEAD".equals(method)) {
        exchange.sendResponseHeaders(405, -1);
        return;
      }
      exchange.getResponseHeaders().set("Content-Type", a.contentType());
      exchange.getResponseHeaders().set("Cache-Control", "no-store");
      boolean head = "HEAD".equals(method);
      boolean empty = head || a.body().length == 0;
      exchange.sendResponseHeaders(a.status(), empty ? -1 : a.body().length);
      if (!empty) {
        try (OutputStream out = exchange.getResponseBody()) {
          out.write(a.body());
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
