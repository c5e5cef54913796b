package io.conntrackadvisor.sink;

import io.conntrackadvisor.sink.dropin.DropInOutput;
import static io.conntrackadvisor.sink.TestData.T;
import static org.assertj.core.api.Assertions.assertThat;

import io.conntrackadvisor.broker.EmbeddedKafkaBroker;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The sink keeps going through a broker outage: it reconnects and resumes where it committed. */
class BrokerRestartIT {
  @TempDir
  Path out;
  private EmbeddedKafkaBroker broker;
  private SinkFixture kafka;

  @BeforeEach
  void setUp() throws Exception {
    broker = EmbeddedKafkaBroker.builder().build().start();
    kafka = new SinkFixture(broker.bootstrapServers());
  }

  @AfterEach
  void tearDown() {
    kafka.close();
    broker.close();
  }

  @Test
  void shouldResumeAfterTheBrokerRestarts() throws Exception {
    SinkSettings settings = kafka.settings(out);
    SinkFixture.Running sink = kafka.start(settings);
    kafka.send(kafka.topics.recommendations(), "lb-1", TestData.raiseMax("lb-1", 262144, T));
    SinkFixture.await("the first drop-in", Duration.ofSeconds(30),
        () -> Files.exists(out.resolve("lb-1").resolve(DropInOutput.SYSCTL_FILE)));

    SinkFixture.await("the first commit", Duration.ofSeconds(30),
        () -> kafka.committedRecommendations(settings) == 1);

    broker.stop();
    Thread.sleep(2000); // the sink polls a broker that is gone
    broker.start();
    kafka.send(kafka.topics.recommendations(), "lb-2", TestData.raiseMax("lb-2", 262144, T));

    SinkFixture.await("the drop-in after the restart", Duration.ofSeconds(60),
        () -> Files.exists(out.resolve("lb-2").resolve(DropInOutput.SYSCTL_FILE)));
    assertThat(sink.thread().isAlive()).isTrue();
    assertThat(sink.app().metrics().consumed(kafka.topics.recommendations().name())).isEqualTo(2);
    SinkFixture.await("the commit after the restart", Duration.ofSeconds(30),
        () -> kafka.committedRecommendations(settings) == 2);
  }
}
