package io.conntrackadvisor.sink;

import static io.conntrackadvisor.sink.TestData.T;
import static org.assertj.core.api.Assertions.assertThat;

import io.conntrackadvisor.model.config.Settings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** SIGTERM to a sink in its own JVM: it stops promptly, commits what it finished and nothing it did not. */
class SigtermIT {
  @TempDir
  Path tmp;
  @AutoClose
  private final SinkFixture kafka = new SinkFixture();
  @AutoClose
  private final WebhookEndpoint endpoint = new WebhookEndpoint();
  private Process process;

  SigtermIT() throws Exception {
  }

  @AfterEach
  void killTheSinkIfStillThere() {
    if (process != null) {
      process.destroyForcibly();
    }
  }

  private Process launch(Path config) throws IOException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    return new ProcessBuilder(List.of(java, "-cp", System.getProperty("java.class.path"), SinkMain.class.getName(),
        config.toString())).redirectErrorStream(true).redirectOutput(tmp.resolve("sink.log").toFile()).start();
  }

  @Test
  void shouldCommitTheFinishedRecordAndLeaveTheOneInDeliveryForTheNextRun() throws Exception {
    // Given a webhook that accepts the first recommendation and then fails for a long time
    endpoint.thenAnswer(200).answerByDefault(503);
    Path out = tmp.resolve("out");
    Path config = tmp.resolve("sink.properties");
    Files.writeString(config, String.join("\n",
        Settings.BOOTSTRAP_SERVERS + "=" + kafka.bootstrap,
        Settings.TOPIC_PREFIX + "=" + kafka.prefix,
        SinkSettings.OUT_DIR + "=" + out,
        SinkSettings.GROUP_ID + "=sigterm",
        SinkSettings.WEBHOOK_URL + "=" + endpoint.url("/hook"),
        SinkSettings.WEBHOOK_MAX_ATTEMPTS + "=100",
        SinkSettings.WEBHOOK_BACKOFF + "=200ms",
        SinkSettings.WEBHOOK_BACKOFF_MAX + "=200ms"));
    kafka.send(kafka.topics.recommendations(), "lb-1", TestData.raiseMax("lb-1", 262144, T));
    kafka.send(kafka.topics.recommendations(), "lb-2", TestData.raiseMax("lb-2", 262144, T));
    process = launch(config);
    SinkFixture.await("the second recommendation being retried", Duration.ofSeconds(30),
        () -> endpoint.requests().size() >= 3);

    // When the sink gets SIGTERM
    long start = System.nanoTime();
    process.destroy();

    // Then it stops well before its retries would end, after committing the first record only
    assertThat(process.waitFor(20, TimeUnit.SECONDS)).as("exited").isTrue();
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(15));
    assertThat(Files.readString(tmp.resolve("sink.log"))).contains("sink stopped");
    assertThat(kafka.committed("sigterm", kafka.topics.recommendations().name())).isEqualTo(1);

    // and the next run delivers the second one, not the first again
    int before = endpoint.requests().size();
    endpoint.answerByDefault(200);
    SinkFixture.Running next = kafka.start(kafka.settings(out, SinkSettings.WEBHOOK_URL,
        endpoint.url("/hook").toString(), SinkSettings.GROUP_ID, "sigterm"));
    SinkFixture.await("the second delivery", Duration.ofSeconds(30),
        () -> next.app().metrics().get(SinkMetrics.Counter.WEBHOOK_DELIVERED) == 1);
    assertThat(endpoint.requests().subList(before, endpoint.requests().size()))
        .singleElement().satisfies(r -> assertThat(r.body()).contains("\"host\":\"lb-2\""));
  }
}
