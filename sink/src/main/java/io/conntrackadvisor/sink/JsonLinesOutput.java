package io.conntrackadvisor.sink;

import io.conntrackadvisor.model.Finding;
import io.conntrackadvisor.model.Json;
import io.conntrackadvisor.sink.webhook.WebhookPayloads;
import java.io.IOException;
import java.io.PrintStream;

/**
 * Prints checked recommendations (in the generic webhook shape) and findings as JSON lines, for piping into
 * {@code jq} and other tools. Every line carries {@code "type"}.
 */
final class JsonLinesOutput {
  private final PrintStream out;
  private final SinkMetrics metrics;

  JsonLinesOutput(PrintStream out, SinkMetrics metrics) {
    this.out = out;
    this.metrics = metrics;
  }

  void write(ValidRecommendation r) {
    line(WebhookPayloads.generic(r));
  }

  void write(Finding f) {
    line(Json.write(f));
  }

  private void line(String json) {
    out.print(json + "\n");
    metrics.increment(SinkMetrics.Counter.STDOUT_LINES);
  }

  /** Flushes; fails when the stream broke (e.g. the reading end of a pipe went away), so offsets stay put. */
  void flush() throws IOException {
    out.flush();
    if (out.checkError()) {
      throw new IOException("standard output is closed or failed");
    }
  }
}
