package io.conntrackadvisor.streams;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.streams.KafkaStreams;

/**
 * The operations endpoints, on the JDK's HTTP server: {@code /health} answers 200 while the instance is alive
 * (starting, rebalancing or running) and 503 once it failed or stopped; {@code /ready} answers 200 only while it is
 * {@code RUNNING}; {@code /metrics} is the Prometheus text of Kafka Streams' metrics and the application counters.
 */
final class HealthServer implements AutoCloseable {
  private final HttpServer server;
  private final ExecutorService executor = Executors.newSingleThreadExecutor(r -> {
    Thread t = new Thread(r, "conntrack-advisor-http");
    t.setDaemon(true);
    return t;
  });

  /**
   * Starts serving on {@code port} (0 picks a free one) of all interfaces.
   *
   * @param state   the latest state the state listener saw
   * @param metrics Kafka Streams' metrics
   */
  HealthServer(int port, Supplier<KafkaStreams.State> state,
      Supplier<Map<MetricName, ? extends Metric>> metrics, AppCounters counters) throws IOException {
    server = HttpServer.create(new InetSocketAddress(port), 0);
    server.setExecutor(executor);
    server.createContext("/health", ex -> reply(ex, isAlive(state.get()) ? 200 : 503, state.get() + "\n",
        "text/plain; charset=utf-8"));
    server.createContext("/ready", ex -> reply(ex, state.get() == KafkaStreams.State.RUNNING ? 200 : 503,
        state.get() + "\n", "text/plain; charset=utf-8"));
    server.createContext("/metrics", ex -> reply(ex, 200, PrometheusFormat.render(metrics.get(), counters),
        PrometheusFormat.CONTENT_TYPE));
    server.start();
  }

  /** The port served. */
  int port() {
    return server.getAddress().getPort();
  }

  static boolean isAlive(KafkaStreams.State s) {
    return s == KafkaStreams.State.CREATED || s == KafkaStreams.State.REBALANCING
        || s == KafkaStreams.State.RUNNING;
  }

  private static void reply(HttpExchange ex, int status, String body, String contentType) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().set("Content-Type", contentType);
    ex.sendResponseHeaders(status, bytes.length);
    try (OutputStream os = ex.getResponseBody()) {
      os.write(bytes);
    }
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
