package io.conntrackadvisor.sink;

import io.conntrackadvisor.model.ConntrackSample;
import io.conntrackadvisor.model.Finding;
import io.conntrackadvisor.sink.dropin.DropInOutput;
import io.conntrackadvisor.sink.report.ReportOutput;
import io.conntrackadvisor.sink.webhook.AlertmanagerOutput;
import io.conntrackadvisor.sink.webhook.WebhookOutput;
import java.io.IOException;

/**
 * The outputs the settings switched on, fed in a fixed order: drop-in files, standard output, report, webhook last
 * (it is the slowest, and files already on disk should not wait for it). Any output may be null (switched off);
 * the webhook is either a {@link WebhookOutput} or, for Alertmanager's API, an {@link AlertmanagerOutput}.
 */
final class Outputs {
  private final DropInOutput dropIns;
  private final JsonLinesOutput stdout;
  private final ReportOutput report;
  private final WebhookOutput webhook;
  private final AlertmanagerOutput alerts;

  Outputs(DropInOutput dropIns, JsonLinesOutput stdout, ReportOutput report, WebhookOutput webhook,
      AlertmanagerOutput alerts) {
    this.dropIns = dropIns;
    this.stdout = stdout;
    this.report = report;
    this.webhook = webhook;
    this.alerts = alerts;
  }

  /** Emits a checked recommendation; false when the sink stopped before the webhook finished. */
  boolean recommendation(ValidRecommendation r) throws IOException, RecordRejectedException {
    if (dropIns != null) {
      dropIns.write(r);
    }
    if (stdout != null) {
      stdout.write(r);
    }
    if (report != null) {
      report.add(r);
    }
    if (alerts != null) {
      alerts.deliver(r); // the posting thread sends it: nothing to wait for
    }
    return webhook == null || webhook.deliver(r);
  }

  /** Emits a finding whose host name was checked. */
  void finding(Finding f) {
    if (stdout != null) {
      stdout.write(f);
    }
    if (report != null) {
      report.add(f);
    }
  }

  /** Emits a sample whose host name was checked (the charts' fill). */
  void sample(ConntrackSample s) {
    if (report != null) {
      report.add(s);
    }
  }

  /** Saves what the report holds unsaved; called once the sink stopped consuming. */
  void close() throws IOException, RecordRejectedException {
    if (report != null) {
      report.close();
    }
  }

  /** Makes buffered output durable; called before offsets are committed. */
  void flush() throws IOException, RecordRejectedException {
    if (stdout != null) {
      stdout.flush();
    }
    if (report != null) {
      report.flush();
    }
  }
}
