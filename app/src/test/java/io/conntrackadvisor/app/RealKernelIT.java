package io.conntrackadvisor.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.conntrackadvisor.app.demo.RealKernelReproduction;
import io.conntrackadvisor.broker.EmbeddedKafkaBroker;
import io.conntrackadvisor.ingest.ShipSettings;
import io.conntrackadvisor.model.BurstFinding;
import io.conntrackadvisor.model.Finding;
import io.conntrackadvisor.model.Recommendation;
import io.conntrackadvisor.model.TopNamespace;
import io.conntrackadvisor.model.Topics;
import io.conntrackadvisor.model.config.Settings;
import io.conntrackadvisor.streams.StreamsApp;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole pipeline on this machine's kernel: {@link RealKernelReproduction} (the code {@code demo --real-kernel}
 * runs) creates a network namespace with conntrack on, lowers {@code nf_conntrack_max} to 200 and opens 300
 * connections in it, so the kernel really drops packets and logs {@code table full in netns N}. A ship agent reads
 * {@code /dev/kmsg} and samples the real {@code /proc} (with the per-namespace breakdown); the Streams application
 * must recommend, naming the namespace that holds 200 of 200 entries in its reasons and its top namespaces, and
 * report a burst in that namespace. The old limit is restored in a finally block and, should the JVM die first, by
 * a shutdown hook. Needs root, {@code ip}, {@code nft}, {@code python3}, and a host where no namespace tracks
 * connections (lowering the limit must hurt nobody).
 */
class RealKernelIT {
  private static final Path MAX = Path.of("/proc/sys/net/netfilter/nf_conntrack_max");
  private static final Duration DEADLINE = Pipeline.DEADLINE;

  @TempDir
  Path tmp;

  @Test
  void shouldRecommendForTheNamespaceWhoseFullTableMadeTheKernelDropPackets() throws Exception {
    RealKernelReproduction repro = new RealKernelReproduction("cta-it-" + ProcessHandle.current().pid(),
        RealKernelReproduction.Tools.onPath());
    assumeReady(repro);
    String oldMax = RealKernelReproduction.currentMax();
    try (repro) {
      long netns = repro.start();
      String prefix = "real-kernel-" + UUID.randomUUID().toString().substring(0, 8) + ".";
      try (StreamsApp streams = startStreams(prefix);
          Pipeline.RunningShip ship = new Pipeline.RunningShip(shipSettings(prefix))) {
        assertThat(repro.lowerMax()).isEqualTo(oldMax);
        RealKernelReproduction.Flood flood = repro.flood(DEADLINE);
        assertThat(flood).as("connections made and failed").isEqualTo(new RealKernelReproduction.Flood(200, 100));

        Outcome o = await(prefix, ship.agent.host(), netns);

        assertThat(o.burst).as("a burst in netns " + netns).isTrue();
        assertThat(o.reasons).as("reasons of a recommendation naming netns " + netns)
            .anyMatch(r -> r.contains("netns " + netns) && r.contains("holds 200 of 200"));
        assertThat(o.top).as("top namespaces").anySatisfy(t -> {
          assertThat(t.netns()).isEqualTo(netns);
          assertThat(t.count()).isEqualTo(200);
          assertThat(t.share()).isEqualTo(1.0);
          assertThat(t.processes()).as("the owner: the flood's process").isNotEmpty();
        });
        assertThat(streams.state()).isEqualTo(KafkaStreams.State.RUNNING);
      }
    }
    assertThat(RealKernelReproduction.currentMax()).isEqualTo(oldMax);
    assertThat(Path.of("/run/netns", repro.namespace())).doesNotExist();
  }

  private static void assumeReady(RealKernelReproduction repro) {
    assumeTrue(Files.isReadable(MAX), "nf_conntrack is not loaded");
    assumeTrue(RealKernelReproduction.runningAsRoot(),
        "needs root: it creates a network namespace and lowers nf_conntrack_max");
    List<String> problems = repro.problems();
    assumeTrue(problems.isEmpty(), () -> String.join("; ", problems));
  }

  private StreamsApp startStreams(String prefix) throws Exception {
    return Pipeline.startStreams(prefix, tmp.resolve("streams"), Map.of());
  }

  private Settings shipSettings(String prefix) {
    Map<String, String> m = new HashMap<>();
    m.put(Settings.BOOTSTRAP_SERVERS, EmbeddedKafkaBroker.shared().bootstrapServers());
    m.put(Settings.TOPIC_PREFIX, prefix);
    m.put(ShipSettings.STATE_DIR, tmp.resolve("ship").toString());
    m.put(ShipSettings.JOURNALD, "false");
    m.put(ShipSettings.KMSG, "true");
    m.put(ShipSettings.SAMPLE_INTERVAL, "1s");
    // the namespace is created after the agent starts: find it within seconds, not at the default 60 s rescan
    m.put(ShipSettings.NAMESPACES_RESCAN, "2s");
    m.put(ShipSettings.BATCH_LINGER, "50ms");
    m.put(ShipSettings.BATCH_LINGER_SAMPLES, "0s");
    return Settings.of(m);
  }

  /** What the output topics said about this host so far. */
  private static final class Outcome {
    final List<String> reasons = new ArrayList<>();
    final List<TopNamespace> top = new ArrayList<>();
    boolean burst;
  }

  /** Reads findings and recommendations (read_committed) until both are there for the namespace or time is up. */
  private static Outcome await(String prefix, String host, long netns) {
    Topics topics = Topics.withPrefix(prefix);
    Outcome o = new Outcome();
    try (KafkaConsumer<byte[], byte[]> c = Pipeline.outputs(prefix, "watch")) {
      long deadline = System.nanoTime() + DEADLINE.toNanos();
      while (System.nanoTime() < deadline && !(o.burst && named(o, netns))) {
        for (ConsumerRecord<byte[], byte[]> r : c.poll(Duration.ofMillis(200))) {
          if (r.value() == null) {
            continue;
          }
          if (r.topic().equals(topics.findings().name())) {
            Finding f = topics.findings().valueSerde().deserializer().deserialize(r.topic(), r.value());
            o.burst |= f instanceof BurstFinding b && b.host().equals(host) && Long.valueOf(netns).equals(b.netns());
          } else {
            Recommendation rec = topics.recommendations().valueSerde().deserializer().deserialize(r.topic(),
                r.value());
            if (rec.host().equals(host)) {
              o.reasons.addAll(rec.reasons());
              o.top.addAll(rec.topNamespaces() == null ? List.of() : rec.topNamespaces());
            }
          }
        }
      }
    }
    return o;
  }

  private static boolean named(Outcome o, long netns) {
    return o.reasons.stream().anyMatch(r -> r.contains("netns " + netns) && r.contains("holds 200 of 200"))
        && o.top.stream().anyMatch(t -> t.netns() == netns && t.count() == 200);
  }
}
