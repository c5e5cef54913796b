package io.conntrackadvisor.sink.webhook;

import io.conntrackadvisor.model.ops.Backoff;
import io.conntrackadvisor.model.ops.StopSignal;
import io.conntrackadvisor.sink.PlainText;
import io.conntrackadvisor.sink.SinkMetrics;
import io.conntrackadvisor.sink.SinkSettings;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * POSTs JSON to one webhook URL with bounded retries: 5xx, 408, 429, timeouts and connection errors are retried
 * after an exponential back-off (or the server's {@code Retry-After}, capped); other answers are final. A 4xx
 * answer means the endpoint refuses what we send (a wrong URL, format or token): its body is logged the first time
 * that status comes from the URL, and every such answer is counted. The URL is never logged in full because chat
 * webhooks carry their token in the path.
 */
public final class WebhookSender {
  private static final Logger LOG = LoggerFactory.getLogger(WebhookSender.class);

  /** How one recommendation's delivery ended. */
  enum Result {
    /** The endpoint answered 2xx. */
    DELIVERED,
    /** The retry bound was reached or the endpoint refused the body for good; recorded as a failure. */
    GAVE_UP,
    /** The sink is shutting down; the record stays uncommitted and is delivered after the restart. */
    STOPPED
  }

  /** One attempt: its result, a description for logs, and the server's requested wait, if any. */
  private record Attempt(boolean ok, boolean retryable, boolean refused, String description, Duration retryAfter) {
  }

  /** The most of a refusal's body that goes to the log. */
  private static final int BODY_LOGGED = 500;

  private final HttpClient client;
  private final URI url;
  private final SinkSettings settings;
  private final StopSignal shutdown;
  private final SinkMetrics metrics;
  private final Set<Integer> refusalsLogged = ConcurrentHashMap.newKeySet();

  public WebhookSender(URI url, SinkSettings settings, StopSignal shutdown, SinkMetrics metrics) {
    this.client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(settings.webhookTimeout()).followRedirects(HttpClient.Redirect.NEVER).build();
    this.url = url;
    this.settings = settings;
    this.shutdown = shutdown;
    this.metrics = metrics;
  }

  /** Delivers {@code json}; {@code idempotencyKey} goes along so that receivers can drop repeats themselves. */
  Result post(String json, String idempotencyKey) {
    Attempt last = null;
    int attempt = 1;
    for (; attempt <= settings.webhookAttempts(); attempt++) {
      if (last != null) {
        metrics.increment(SinkMetrics.Counter.WEBHOOK_RETRIES);
        if (!shutdown.sleep(waitBefore(attempt - 1, last.retryAfter()))) {
          return Result.STOPPED;
        }
      }
      last = attempt(json, idempotencyKey);
      if (last.ok()) {
        metrics.increment(SinkMetrics.Counter.WEBHOOK_DELIVERED);
        return Result.DELIVERED;
      }
      if (Thread.currentThread().isInterrupted() || shutdown.isSet() && last.retryable()) {
        return Result.STOPPED;
      }
      if (!last.retryable()) {
        break;
      }
    }
    metrics.increment(SinkMetrics.Counter.WEBHOOK_FAILURES);
    if (!last.refused()) { // a refusal was logged (once) where it was answered
      LOG.warn("webhook {} gave up on request {} after {} attempt(s): {}", SinkSettings.redacted(url),
          idempotencyKey, Math.min(attempt, settings.webhookAttempts()), last.description());
    }
    return Result.GAVE_UP;
  }

  private Attempt attempt(String json, String idempotencyKey) {
    HttpRequest request = HttpRequest.newBuilder(url)
        .timeout(settings.webhookTimeout())
        .header("Content-Type", "application/json; charset=utf-8")
        .header("Idempotency-Key", idempotencyKey)
        .header("User-Agent", "conntrack-advisor-sink")
        .POST(HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8))
        .build();
    try {
      HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
      int status = response.statusCode();
      boolean retryable = status >= 500 || status == 408 || status == 429;
      boolean refused = status >= 400 && status < 500 && !retryable;
      if (refused) {
        refused(status, response.body());
      }
      Duration retryAfter = response.headers().firstValue("Retry-After").map(WebhookSender::seconds).orElse(null);
      return new Attempt(status >= 200 && status < 300, retryable, refused, "HTTP " + status, retryAfter);
    } catch (IOException e) {
      // timeouts (HttpTimeoutException) and refused or reset connections: the endpoint may come back
      String why = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
      return new Attempt(false, true, false, why, null);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Attempt(false, false, false, "interrupted", null);
    }
  }

  /** Counts a refusal; logs the body the first time this status comes from this URL. */
  private void refused(int status, String body) {
    metrics.increment(SinkMetrics.Counter.WEBHOOK_REFUSED);
    if (refusalsLogged.add(status)) {
      LOG.error("webhook {} refused our request with HTTP {} (a configuration error, not a passing failure: check "
          + "the URL's path and the webhook format; later refusals are only counted in webhook_refused_total): {}",
          SinkSettings.redacted(url), status, PlainText.strip(body == null ? "" : body, BODY_LOGGED));
    }
  }

  private Duration waitBefore(int retry, Duration retryAfter) {
    Duration backoff = Backoff.after(retry, settings.webhookBackoff(), settings.webhookBackoffMax());
    if (retryAfter == null) {
      return backoff;
    }
    return retryAfter.compareTo(settings.webhookBackoffMax()) > 0 ? settings.webhookBackoffMax() : retryAfter;
  }

  private static Duration seconds(String header) {
    try {
      return Duration.ofSeconds(Math.max(0, Long.parseLong(header.trim())));
    } catch (NumberFormatException e) {
      return null; // an HTTP date: keep our own back-off
    }
  }
}
