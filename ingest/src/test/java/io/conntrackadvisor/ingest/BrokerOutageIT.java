package io.conntrackadvisor.ingest;

import io.conntrackadvisor.ingest.source.FileTailSource;
import static org.assertj.core.api.Assertions.assertThat;

import io.conntrackadvisor.broker.EmbeddedKafkaBroker;
import io.conntrackadvisor.model.KernelMessage;
import io.conntrackadvisor.model.Topics;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The broker goes away while the agent tails a file and comes back on the same port and data: the agent keeps
 * reading only up to its bounded buffer, then waits (the file is the buffer), reconnects and catches up, with every
 * line once. Uses a broker of its own, since it stops it.
 */
class BrokerOutageIT {
  private static final int BUFFER = 100;

  @TempDir
  Path tmp;

  private EmbeddedKafkaBroker broker;

  @BeforeEach
  void startBroker() {
    broker = EmbeddedKafkaBroker.builder().build().start();
  }

  @AfterEach
  void closeBroker() {
    broker.close();
  }

  @Test
  void shouldHoldAtMostTheBufferWhileTheBrokerIsDownAndCatchUpWithEveryLineOnce() throws Exception {
    Path log = Files.createDirectories(tmp.resolve("log")).resolve("kern.log");
    String prefix = ItSupport.prefix("outage");
    Map<String, String> s = ItSupport.tailing(broker.bootstrapServers(), prefix, tmp.resolve("state"), log);
    s.put(ShipSettings.BUFFER_MAX_RECORDS, String.valueOf(BUFFER));
    s.put(ShipSettings.BATCH_MAX_RECORDS, "50");
    // Fail fast while the broker is away, so that the retry loop (and its counters) turn over quickly.
    s.put("kafka.max.block.ms", "2000");
    s.put("kafka.request.timeout.ms", "2000");
    s.put("kafka.delivery.timeout.ms", "4000");
    s.put("kafka.reconnect.backoff.max.ms", "500");
    s.put("kafka.default.api.timeout.ms", "4000");
    LogFiles.append(log, 0, 200);

    try (ItSupport.TopicReader reader = new ItSupport.TopicReader(broker.bootstrapServers(),
        Topics.withPrefix(prefix).kernelMessages().name());
        ItSupport.RunningAgent agent = new ItSupport.RunningAgent(s)) {
      assertThat(reader.awaitAtLeast(200, ItSupport.STEP)).hasSize(200);

      // When the broker stops and many lines are written
      broker.stop();
      LogFiles.append(log, 200, 2200);
      ShipMetrics m = agent.metrics();
      ItSupport.eventually("back-pressure and retries", () -> m.get(ShipMetrics.Counter.BACKPRESSURE,
          FileTailSource.LABEL) > 0 && m.get(ShipMetrics.Counter.RETRIES, null) >= 2);

      // Then the agent holds no more than its buffer and has stopped reading the file
      long readDuringOutage = m.get(ShipMetrics.Counter.READ, FileTailSource.LABEL);
      Thread.sleep(1000);
      assertThat(m.get(ShipMetrics.Counter.READ, FileTailSource.LABEL)).isEqualTo(readDuringOutage)
          .isLessThan(2200);
      assertThat(agent.agent.metrics().metrics().scrape())
          .containsPattern("conntrack_advisor_ship_buffer_records_high_water (\\d{1,2}|100)\\.0\n");

      // And when the broker is back, it reconnects and catches up with every line exactly once
      broker.start();
      reader.awaitAtLeast(2200, ItSupport.STEP);
      List<KernelMessage> shipped = reader.settle(Duration.ofSeconds(1)).stream()
          .map(r -> TestRecords.message(r.value())).toList();
      assertThat(shipped).extracting(KernelMessage::message).containsExactlyElementsOf(LogFiles.texts(0, 2200));
      assertThat(m.get(ShipMetrics.Counter.RECONNECTS, null)).isGreaterThanOrEqualTo(1);
      assertThat(m.get(ShipMetrics.Counter.DROPPED, FileTailSource.LABEL)).isZero();
    }
  }
}
