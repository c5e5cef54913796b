package io.conntrackadvisor.sink.webhook;

import io.conntrackadvisor.sink.SinkMetrics;
import io.conntrackadvisor.sink.SinkSettings;
import io.conntrackadvisor.sink.TestData;
import io.conntrackadvisor.sink.WebhookEndpoint;
import static org.assertj.core.api.Assertions.assertThat;

import io.conntrackadvisor.model.ops.StopSignal;
import io.conntrackadvisor.sink.SinkMetrics.Counter;
import io.conntrackadvisor.sink.webhook.WebhookSender.Result;
import java.net.ServerSocket;
import java.nio.file.Path;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WebhookSenderTest {
  @TempDir
  Path out;
  @AutoClose
  private final WebhookEndpoint endpoint = new WebhookEndpoint();
  private final SinkMetrics metrics = new SinkMetrics();
  private final StopSignal shutdown = new StopSignal();

  WebhookSenderTest() throws Exception {
  }

  private WebhookSender sender(String url, String... more) {
    String[] kv = new String[more.length + 4];
    kv[0] = SinkSettings.WEBHOOK_URL;
    kv[1] = url;
    kv[2] = SinkSettings.WEBHOOK_MAX_ATTEMPTS;
    kv[3] = "3";
    System.arraycopy(more, 0, kv, 4, more.length);
    SinkSettings s = TestData.settings(out, kv);
    return new WebhookSender(s.webhookUrls().get(0), s, shutdown, metrics);
  }

  @Test
  void shouldDeliverOnceWhenTheEndpointAnswers500Then200() {
    endpoint.thenAnswer(500);

    Result result = sender(endpoint.url("/hook").toString()).post("{\"a\":1}", "digest-1");

    assertThat(result).isEqualTo(Result.DELIVERED);
    assertThat(endpoint.requests()).hasSize(2).allSatisfy(r -> {
      assertThat(r.body()).isEqualTo("{\"a\":1}");
      assertThat(r.idempotencyKey()).isEqualTo("digest-1");
      assertThat(r.contentType()).startsWith("application/json");
    });
    assertThat(metrics.get(Counter.WEBHOOK_RETRIES)).isEqualTo(1);
    assertThat(metrics.get(Counter.WEBHOOK_DELIVERED)).isEqualTo(1);
    assertThat(metrics.get(Counter.WEBHOOK_FAILURES)).isZero();
  }

  @Test
  void shouldGiveUpAfterTheBoundAndRecordTheFailure() {
    endpoint.answerByDefault(503);

    assertThat(sender(endpoint.url("/hook").toString()).post("{}", "d")).isEqualTo(Result.GAVE_UP);

    assertThat(endpoint.requests()).hasSize(3);
    assertThat(metrics.get(Counter.WEBHOOK_RETRIES)).isEqualTo(2);
    assertThat(metrics.get(Counter.WEBHOOK_FAILURES)).isEqualTo(1);
  }

  @Test
  void shouldNotRetryABodyTheEndpointRefused() {
    endpoint.answerByDefault(400);

    assertThat(sender(endpoint.url("/hook").toString()).post("{}", "d")).isEqualTo(Result.GAVE_UP);

    assertThat(endpoint.requests()).hasSize(1);
    assertThat(metrics.get(Counter.WEBHOOK_FAILURES)).isEqualTo(1);
    assertThat(metrics.get(Counter.WEBHOOK_REFUSED)).isEqualTo(1);
  }

  @Test
  void shouldRetryWhenTheEndpointIsDownThenGiveUp() throws Exception {
    int closedPort;
    try (ServerSocket s = new ServerSocket(0)) {
      closedPort = s.getLocalPort();
    }

    assertThat(sender("http://127.0.0.1:" + closedPort + "/hook").post("{}", "d")).isEqualTo(Result.GAVE_UP);

    assertThat(metrics.get(Counter.WEBHOOK_RETRIES)).isEqualTo(2);
    assertThat(metrics.get(Counter.WEBHOOK_FAILURES)).isEqualTo(1);
  }

  @Test
  void shouldRetryARequestThatTimedOut() {
    endpoint.delayNext(1500);

    Result result = sender(endpoint.url("/hook").toString(), SinkSettings.WEBHOOK_TIMEOUT, "300ms")
        .post("{}", "d");

    assertThat(result).isEqualTo(Result.DELIVERED);
    assertThat(metrics.get(Counter.WEBHOOK_RETRIES)).isEqualTo(1);
  }

  @Test
  void shouldStopRetryingWithoutRecordingAFailureWhenTheSinkShutsDown() {
    endpoint.answerByDefault(503);
    shutdown.set();

    assertThat(sender(endpoint.url("/hook").toString()).post("{}", "d")).isEqualTo(Result.STOPPED);

    assertThat(endpoint.requests()).hasSize(1);
    assertThat(metrics.get(Counter.WEBHOOK_FAILURES)).isZero();
  }
}
