package io.conntrackadvisor.sink;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/** Serves {@link SinkMetrics} as Prometheus text on {@code /metrics} with the JDK's HTTP server. */
final class MetricsServer implements AutoCloseable {
  static final String PATH = "/metrics";
  private static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

  private final HttpServer server;
  private final ExecutorService executor;

  MetricsServer(String address, int port, SinkMetrics metrics) throws IOException {
    server = HttpServer.create(new InetSocketAddress(address, port), 0);
    executor = Executors.newSingleThreadExecutor(r -> {
      Thread t = new Thread(r, "sink-metrics");
      t.setDaemon(true);
      return t;
    });
    server.setExecutor(executor);
    server.createContext(PATH, exchange -> respond(exchange, metrics));
    server.start();
  }

  /** The port bound (useful when 0 asked for any free one). */
  int port() {
    return server.getAddress().getPort();
  }

  private static void respond(HttpExchange exchange, SinkMetrics metrics) throws IOException {
    try (exchange) {
      if (!"GET".equals(exchange.getRequestMethod()) && !"HEAD".equals(exchange.getRequestMethod())) {
        exchange.sendResponseHeaders(405, -1);
        return;
      }
      byte[] body = metrics.prometheusText().getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().set("Content-Type", CONTENT_TYPE);
      boolean head = "HEAD".equals(exchange.getRequestMethod());
      exchange.sendResponseHeaders(200, head ? -1 : body.length);
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
