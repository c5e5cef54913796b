package io.conntrackadvisor.sink;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/** A local webhook receiver for tests: records every request and answers with scripted status codes. */
public final class WebhookEndpoint implements AutoCloseable {
  /** One received request. */
  public record Request(String path, String contentType, String idempotencyKey, String body) {
  }

  private final HttpServer server;
  private final List<Request> requests = new CopyOnWriteArrayList<>();
  private final Deque<Integer> script = new ArrayDeque<>();
  private volatile int defaultStatus = 200;
  private volatile long delayNextMillis;

  public WebhookEndpoint() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.setExecutor(Executors.newFixedThreadPool(2));
    server.createContext("/", this::handle);
    server.start();
  }

  /** The URL of {@code path} on this endpoint. */
  public URI url(String path) {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
  }

  /** Answers the next requests with these statuses, then with the default. */
  public synchronized WebhookEndpoint thenAnswer(Integer... statuses) {
    script.addAll(List.of(statuses));
    return this;
  }

  /** Holds the answer to the next request this long (to provoke a client timeout). */
  public WebhookEndpoint delayNext(long millis) {
    delayNextMillis = millis;
    return this;
  }

  /** The status of every request not scripted. */
  public WebhookEndpoint answerByDefault(int status) {
    defaultStatus = status;
    return this;
  }

  /** Requests received so far (answered with 2xx or not). */
  public List<Request> requests() {
    return List.copyOf(requests);
  }

  /** Requests received on {@code path}. */
  public List<Request> requests(String path) {
    return requests.stream().filter(r -> r.path().equals(path)).toList();
  }

  private synchronized int nextStatus() {
    Integer s = script.poll();
    return s == null ? defaultStatus : s;
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
      requests.add(new Request(exchange.getRequestURI().getPath(),
          exchange.getRequestHeaders().getFirst("Content-Type"),
          exchange.getRequestHeaders().getFirst("Idempotency-Key"), body));
      long delay = delayNextMillis;
      delayNextMillis = 0;
      if (delay > 0) {
        try {
          Thread.sleep(delay);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      exchange.sendResponseHeaders(nextStatus(), -1);
    }
  }

  @Override
  public void close() {
    server.stop(0);
    ((ExecutorService) server.getExecutor()).shutdownNow();
  }
}
