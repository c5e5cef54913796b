package io.conntrackadvisor.sink.webhook;

import io.conntrackadvisor.sink.RecordRejectedException;
import io.conntrackadvisor.sink.SinkMetrics;
import io.conntrackadvisor.sink.ValidRecommendation;
import java.io.IOException;

/** Sends each new checked recommendation to the webhook once, in the configured format. */
public final class WebhookOutput {
  private final WebhookSender sender;
  private final WebhookFormat format;
  private final DeliveryLedger ledger;
  private final SinkMetrics metrics;

  public WebhookOutput(WebhookSender sender, WebhookFormat format, DeliveryLedger ledger, SinkMetrics metrics) {
    this.sender = sender;
    this.format = format;
    this.ledger = ledger;
    this.metrics = metrics;
  }

  /**
   * Delivers {@code r} unless it was already delivered. Returns false only when the sink is stopping before the
   * delivery ended: then the record must stay uncommitted. A delivery given up on counts as done.
   */
  public boolean deliver(ValidRecommendation r) throws IOException, RecordRejectedException {
    if (ledger.alreadyDelivered(r)) {
      metrics.increment(SinkMetrics.Counter.WEBHOOK_SKIPPED);
      return true;
    }
    return switch (sender.post(format.payload(r), r.digest())) {
      case DELIVERED -> {
        ledger.record(r);
        yield true;
      }
      case GAVE_UP -> true;
      case STOPPED -> false;
    };
  }
}
