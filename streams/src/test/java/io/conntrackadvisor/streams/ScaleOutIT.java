package io.conntrackadvisor.streams;

import static io.conntrackadvisor.streams.AdvisorDriver.sample;
import static io.conntrackadvisor.streams.AdvisorDriver.tableFull;
import static org.assertj.core.api.Assertions.assertThat;

import io.conntrackadvisor.model.BurstFinding;
import io.conntrackadvisor.model.DropsFinding;
import io.conntrackadvisor.model.Finding;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.utils.Utils;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.ThreadMetadata;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two instances with one application id split the partitions, and so the hosts. When one stops, the other takes
 * its partitions over with their state: a host's next sample yields drops against the sample the stopped instance
 * saw, and its next table-full line extends the burst the stopped instance opened.
 */
class ScaleOutIT {
  private static final int PARTITIONS = 4;
  private static final Instant T = Instant.now().minus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS);

  private final ItKit kit = new ItKit();

  @TempDir
  Path dir;

  @Test
  void shouldMoveTheHostsOfAStoppedInstanceWithTheirStateToTheOther() throws Exception {
    List<String> hosts = IntStream.range(0, 12).mapToObj(i -> "host-" + i).toList();
    Map<String, String> a = kit.settings(dir.resolve("a"), PARTITIONS);
    a.put(StreamsSettings.GRACE_PERIOD, "0s");
    Map<String, String> b = new HashMap<>(a);
    b.put(StreamsSettings.STATE_DIR, dir.resolve("b").toString());

    StreamsApp second = kit.start(b);
    try (StreamsApp first = kit.start(a);
        KafkaProducer<String, byte[]> producer = kit.producer();
        ItKit.Reader<Finding> findings = kit.reader(kit.topics.findings().name(),
            kit.topics.findings().valueSerde().deserializer())) {
      ItKit.await("both instances running with partitions", () -> running(first) && running(second)
          && !partitions(first).isEmpty() && !partitions(second).isEmpty());
      Set<Integer> movedPartitions = partitions(second);
      List<String> movedHosts = hosts.stream().filter(h -> movedPartitions.contains(partition(h))).toList();
      assertThat(movedHosts).as("hosts of the instance that stops").isNotEmpty();

      for (String h : hosts) {
        ItKit.send(producer, kit.topics.conntrackSamples().name(), h, sample(h, T, 100, 1000, 100));
        ItKit.send(producer, kit.topics.kernelMessages().name(), h, tableFull(h, T.plusSeconds(1)));
      }
      producer.flush();
      findings.until("a burst per host", r -> r.size() >= hosts.size());
      int before = findings.records.size();

      second.close();
      ItKit.await("the first instance to own every partition", () -> running(first)
          && partitions(first).size() == PARTITIONS);

      for (String h : hosts) {
        ItKit.send(producer, kit.topics.conntrackSamples().name(), h, sample(h, T.plusSeconds(30), 100, 1000, 150));
        ItKit.send(producer, kit.topics.kernelMessages().name(), h, tableFull(h, T.plusSeconds(40)));
      }
      producer.flush();
      List<ConsumerRecord<String, Finding>> all =
          findings.until("drops and a grown burst per host", r -> r.size() >= before + 2 * hosts.size());

      List<ConsumerRecord<String, Finding>> after = all.subList(before, all.size());
      for (String h : movedHosts) {
        assertThat(valuesOf(after, h)).as(h).containsExactlyInAnyOrder(
            new DropsFinding(h, T, T.plusSeconds(30), 50, 0, 0),
            BurstFinding.of(h, null, T.plusSeconds(1), T.plusSeconds(40), 2, 0, false));
      }
      assertThat(after).hasSize(2 * hosts.size());
    } finally {
      second.close();
    }
  }

  private static boolean running(StreamsApp app) {
    return app.state() == KafkaStreams.State.RUNNING;
  }

  /** Input partitions the instance's threads process. */
  private static Set<Integer> partitions(StreamsApp app) {
    Set<Integer> p = new HashSet<>();
    for (ThreadMetadata t : app.streams().metadataForLocalThreads()) {
      t.activeTasks().forEach(task -> task.topicPartitions().stream().map(TopicPartition::partition)
          .forEach(p::add));
    }
    return p;
  }

  /** The partition the default partitioner gives a host's records. */
  private static int partition(String host) {
    return Utils.toPositive(Utils.murmur2(host.getBytes(StandardCharsets.UTF_8))) % PARTITIONS;
  }

  private static List<Finding> valuesOf(List<ConsumerRecord<String, Finding>> records, String host) {
    List<Finding> out = new ArrayList<>();
    records.stream().filter(r -> r.key().equals(host)).forEach(r -> out.add(r.value()));
    return out;
  }
}
