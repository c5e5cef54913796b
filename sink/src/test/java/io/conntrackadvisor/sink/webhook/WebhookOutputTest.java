package io.conntrackadvisor.sink.webhook;

import io.conntrackadvisor.sink.OutputDirectory;
import io.conntrackadvisor.sink.SinkMetrics;
import io.conntrackadvisor.sink.SinkSettings;
import io.conntrackadvisor.sink.TestData;
import io.conntrackadvisor.sink.ValidRecommendation;
import io.conntrackadvisor.sink.WebhookEndpoint;
import static org.assertj.core.api.Assertions.assertThat;

import io.conntrackadvisor.model.ops.StopSignal;
import io.conntrackadvisor.sink.SinkMetrics.Counter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WebhookOutputTest {
  @TempDir
  Path out;
  @AutoClose
  private final WebhookEndpoint endpoint = new WebhookEndpoint();
  private final SinkMetrics metrics = new SinkMetrics();

  WebhookOutputTest() throws Exception {
  }

  /** A webhook output as a freshly started sink builds it: nothing in memory, only what OUT/.state holds. */
  private WebhookOutput freshOutput() throws Exception {
    SinkSettings s = TestData.settings(out, SinkSettings.WEBHOOK_URL, endpoint.url("/hook").toString(),
        SinkSettings.WEBHOOK_MAX_ATTEMPTS, "2");
    OutputDirectory dir = new OutputDirectory(out);
    return new WebhookOutput(new WebhookSender(s.webhookUrls().get(0), s, new StopSignal(), metrics), WebhookFormat.GENERIC,
        dir, metrics);
  }

  @Test
  void shouldNotDeliverTheSameAdviceTwiceEvenAfterARestart() throws Exception {
    ValidRecommendation r = TestData.valid("lb-1", 262144);
    assertThat(freshOutput().deliver(r)).isTrue();

    assertThat(freshOutput().deliver(r)).isTrue();
    assertThat(freshOutput().deliver(TestData.valid(TestData.raiseMax("lb-1", 262144, TestData.T.plusSeconds(60)))))
        .isTrue();

    assertThat(endpoint.requests()).hasSize(1);
    assertThat(metrics.get(Counter.WEBHOOK_SKIPPED)).isEqualTo(2);
    assertThat(out.resolve(".state/lb-1").resolve(WebhookOutput.LEDGER_FILE)).exists();
  }

  @Test
  void shouldDeliverNewerAdviceButNotOlderAdviceReplayedLater() throws Exception {
    WebhookOutput output = freshOutput();
    ValidRecommendation first = TestData.valid(TestData.raiseMax("lb-1", 262144, TestData.T));
    ValidRecommendation second = TestData.valid(TestData.raiseMax("lb-1", 524288, TestData.T.plusSeconds(60)));

    output.deliver(first);
    output.deliver(second);
    freshOutput().deliver(first);

    assertThat(endpoint.requests()).hasSize(2);
    assertThat(endpoint.requests().get(1).body()).contains("524288");
  }

  @Test
  void shouldTryAgainLaterWhenADeliveryWasGivenUpOn() throws Exception {
    endpoint.answerByDefault(500);
    ValidRecommendation r = TestData.valid("lb-1", 262144);
    assertThat(freshOutput().deliver(r)).as("given up counts as done").isTrue();
    assertThat(metrics.get(Counter.WEBHOOK_FAILURES)).isEqualTo(1);

    endpoint.answerByDefault(200);
    freshOutput().deliver(r);

    assertThat(metrics.get(Counter.WEBHOOK_DELIVERED)).isEqualTo(1);
  }

  @Test
  void shouldIgnoreADamagedLedgerEntryAndCountIt() throws Exception {
    Path dir = Files.createDirectories(out.resolve(".state/lb-1"));
    Files.writeString(dir.resolve(WebhookOutput.LEDGER_FILE), "{not json");

    assertThat(freshOutput().deliver(TestData.valid("lb-1", 262144))).isTrue();

    assertThat(endpoint.requests()).hasSize(1);
    assertThat(metrics.get(Counter.STATE_UNREADABLE)).isEqualTo(1);
  }
}
