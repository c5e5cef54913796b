package io.conntrackadvisor.sink;

import io.conntrackadvisor.sink.dropin.DropInOutput;
import io.conntrackadvisor.sink.webhook.WebhookOutput;
import static io.conntrackadvisor.sink.TestData.T;
import static org.assertj.core.api.Assertions.assertThat;

import io.conntrackadvisor.sink.SinkMetrics.Counter;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Webhook delivery through the whole sink: retries, giving up, offsets, and no repeats after a restart. */
class WebhookDeliveryIT {
  @TempDir
  Path out;
  @AutoClose
  private final SinkFixture kafka = new SinkFixture();
  @AutoClose
  private final WebhookEndpoint endpoint = new WebhookEndpoint();

  WebhookDeliveryIT() throws Exception {
  }

  private void sendRaise(String host, long max) throws Exception {
    kafka.send(kafka.topics.recommendations(), host, TestData.raiseMax(host, max, T));
  }

  private String recommendations() {
    return kafka.topics.recommendations().name();
  }

  @Test
  void shouldDeliverOnceWhenTheEndpointAnswers500Then200() throws Exception {
    endpoint.thenAnswer(500);
    SinkSettings s = kafka.settings(out, SinkSettings.WEBHOOK_URL, endpoint.url("/hook").toString());
    SinkFixture.Running sink = kafka.start(s);

    sendRaise("lb-1", 262144);

    SinkFixture.await("delivery", Duration.ofSeconds(30),
        () -> sink.app().metrics().get(Counter.WEBHOOK_DELIVERED) == 1);
    SinkFixture.await("the commit", Duration.ofSeconds(10), () -> kafka.committedRecommendations(s) == 1);
    assertThat(endpoint.requests()).hasSize(2);
    assertThat(endpoint.requests().get(0).body()).isEqualTo(endpoint.requests().get(1).body());
    assertThat(sink.app().metrics().get(Counter.WEBHOOK_RETRIES)).isEqualTo(1);
    assertThat(sink.app().metrics().get(Counter.WEBHOOK_FAILURES)).isZero();
  }

  @Test
  void shouldRecordTheFailureAndMoveOnWhenTheEndpointIsDownLongerThanTheBound() throws Exception {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    SinkSettings s = kafka.settings(out, SinkSettings.WEBHOOK_URL, "http://127.0.0.1:" + closedPort + "/hook",
        SinkSettings.WEBHOOK_MAX_ATTEMPTS, "3");
    SinkFixture.Running sink = kafka.start(s);

    sendRaise("lb-1", 262144);
    sendRaise("lb-2", 262144);

    SinkFixture.await("both given up", Duration.ofSeconds(30),
        () -> sink.app().metrics().get(Counter.WEBHOOK_FAILURES) == 2);
    SinkFixture.await("offsets past both", Duration.ofSeconds(10),
        () -> kafka.committedRecommendations(s) == 2);
    assertThat(sink.app().metrics().get(Counter.WEBHOOK_RETRIES)).isEqualTo(4);
    assertThat(out.resolve("lb-2").resolve(DropInOutput.SYSCTL_FILE)).exists();
    assertThat(out.resolve(".state/lb-1").resolve(WebhookOutput.LEDGER_FILE)).as("nothing delivered").doesNotExist();
  }

  @Test
  void shouldNotRepeatAWebhookAfterARestartNorForANewConsumerGroup() throws Exception {
    String url = endpoint.url("/hook").toString();
    SinkSettings first = kafka.settings(out, SinkSettings.WEBHOOK_URL, url, SinkSettings.GROUP_ID, "g1");
    SinkFixture.Running sink = kafka.start(first);
    sendRaise("lb-1", 262144);
    sendRaise("lb-2", 262144);
    SinkFixture.await("two deliveries", Duration.ofSeconds(30), () -> endpoint.requests().size() == 2);
    SinkFixture.stop(sink);

    // restarted in the same group: resumes after the committed offsets
    SinkFixture.Running restarted = kafka.start(kafka.settings(out, SinkSettings.WEBHOOK_URL, url,
        SinkSettings.GROUP_ID, "g1"));
    sendRaise("lb-3", 262144);
    SinkFixture.await("the third delivery", Duration.ofSeconds(30), () -> endpoint.requests().size() == 3);
    assertThat(restarted.app().metrics().consumed(recommendations())).isEqualTo(1);
    SinkFixture.stop(restarted);

    // a new group reads everything again: the delivered digests in OUT/.state keep it quiet
    SinkFixture.Running replaying = kafka.start(kafka.settings(out, SinkSettings.WEBHOOK_URL, url,
        SinkSettings.GROUP_ID, "g2"));
    SinkFixture.await("the replay", Duration.ofSeconds(30),
        () -> replaying.app().metrics().get(Counter.WEBHOOK_SKIPPED) == 3);
    assertThat(endpoint.requests()).hasSize(3);
    assertThat(endpoint.requests()).extracting(WebhookEndpoint.Request::idempotencyKey).doesNotHaveDuplicates();
    assertThat(Files.readString(out.resolve("lb-1").resolve(DropInOutput.SYSCTL_FILE))).endsWith(" = 262144\n");
    assertThat(replaying.app().metrics().get(Counter.FILES_UNCHANGED)).isEqualTo(3);
  }
}
