package io.conntrackadvisor.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.conntrackadvisor.broker.EmbeddedKafkaBroker;
import io.conntrackadvisor.ingest.ShipAgent;
import io.conntrackadvisor.ingest.ShipSettings;
import io.conntrackadvisor.model.BurstFinding;
import io.conntrackadvisor.model.Finding;
import io.conntrackadvisor.model.Recommendation;
import io.conntrackadvisor.model.Topics;
import io.conntrackadvisor.model.config.Settings;
import io.conntrackadvisor.streams.StreamsApp;
import io.conntrackadvisor.streams.StreamsSettings;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole pipeline on this machine's kernel: a network namespace with conntrack on, {@code nf_conntrack_max}
 * lowered to 200 and 300 connections opened in it, so the kernel really drops packets and logs
 * {@code table full in netns N}. A ship agent reads {@code /dev/kmsg} and samples the real {@code /proc} (with
 * the per-namespace breakdown); the Streams application must recommend, naming the namespace that holds 200 of
 * 200 entries, and report a burst in that namespace. The old limit is restored in a finally block and, should
 * the JVM die first, by a shutdown hook. Needs root, {@code ip}, {@code nft}, {@code python3}, and a host whose
 * own conntrack table is empty (lowering the limit must hurt nobody).
 */
class RealKernelIT {
  private static final Path MAX = Path.of("/proc/sys/net/netfilter/nf_conntrack_max");
  private static final Path COUNT = Path.of("/proc/sys/net/netfilter/nf_conntrack_count");
  private static final Duration DEADLINE = Duration.ofSeconds(40);
  /** Opens n connections to a listener of its own (failures after a short timeout), prints "ok failed", holds. */
  private static final String CONNECT = """
      import socket, sys, time
      n, hold = int(sys.argv[1]), float(sys.argv[2])
      srv = socket.socket()
      srv.bind(("127.0.0.1", 0))
      srv.listen(1024)
      ok, failed = [], 0
      for i in range(n):
          c = socket.socket()
          c.settimeout(0.02)
          try:
              c.connect(srv.getsockname())
              ok.append(c)
          except OSError:
              failed += 1
              c.close()
      print(len(ok), failed, flush=True)
      time.sleep(hold)
      """;

  @TempDir
  Path tmp;

  @Test
  void shouldRecommendForTheNamespaceWhoseFullTableMadeTheKernelDropPackets() throws Exception {
    assumeReady();
    String ns = "cta-it-" + ProcessHandle.current().pid();
    String oldMax = sysctl(MAX);
    Thread guard = new Thread(() -> restore(ns, oldMax), "real-kernel-it-guard");
    Runtime.getRuntime().addShutdownHook(guard);
    Process load = null;
    try {
      long netns = createNamespace(ns);
      String prefix = "real-kernel-" + UUID.randomUUID().toString().substring(0, 8) + ".";
      try (StreamsApp streams = startStreams(prefix); RunningShip ship = new RunningShip(shipSettings(prefix))) {
        Files.writeString(MAX, "200");
        load = new ProcessBuilder("ip", "netns", "exec", ns, "python3", "-c", CONNECT, "300", "25")
            .redirectErrorStream(true).start();
        String counts = new String(load.getInputStream().readNBytes(16), StandardCharsets.US_ASCII).strip();
        assertThat(counts).as("connections made and failed").isEqualTo("200 100");

        Outcome o = await(prefix, ship.agent.host(), netns);

        assertThat(o.burst).as("a burst in netns " + netns).isTrue();
        assertThat(o.reasons).as("reasons of a recommendation naming netns " + netns)
            .anyMatch(r -> r.contains("netns " + netns) && r.contains("holds 200 of 200"));
        assertThat(streams.state()).isEqualTo(KafkaStreams.State.RUNNING);
      }
    } finally {
      if (load != null) {
        load.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
      }
      restore(ns, oldMax);
      Runtime.getRuntime().removeShutdownHook(guard);
    }
    assertThat(sysctl(MAX)).isEqualTo(oldMax);
  }

  private static void assumeReady() throws IOException, InterruptedException {
    assumeTrue(Files.isReadable(COUNT), "nf_conntrack is not loaded");
    assumeTrue(((Number) Files.getAttribute(Path.of("/proc/self"), "unix:uid")).intValue() == 0,
        "needs root: it creates a network namespace and lowers nf_conntrack_max");
    assumeTrue(runs("ip", "netns", "list"), "ip netns is not available");
    assumeTrue(runs("nft", "--version"), "nft is not available");
    assumeTrue(runs("python3", "--version"), "python3 is not available");
    assumeTrue(Files.isReadable(Path.of("/dev/kmsg")), "/dev/kmsg is not readable");
    assumeTrue("0".equals(sysctl(COUNT)),
        "the host's own conntrack table is in use; lowering nf_conntrack_max would drop its traffic");
  }

  /**
   * A sysctl's value. Read in one call: numeric sysctls answer only a read at offset 0, so Files.readString (which
   * reads one byte first when the size is 0) sees "2" of 262144.
   */
  private static String sysctl(Path p) throws IOException {
    try (var in = Files.newInputStream(p)) {
      return new String(in.readNBytes(64), StandardCharsets.US_ASCII).strip();
    }
  }

  /** Creates the namespace with conntrack on; returns its inode. */
  private static long createNamespace(String ns) throws IOException, InterruptedException {
    run("ip", "netns", "add", ns);
    run("ip", "-n", ns, "link", "set", "lo", "up");
    run("ip", "netns", "exec", ns, "nft", "add", "table", "inet", "cta");
    run("ip", "netns", "exec", ns, "nft", "add", "chain", "inet", "cta", "input",
        "{ type filter hook input priority 0; }");
    run("ip", "netns", "exec", ns, "nft", "add", "rule", "inet", "cta", "input", "ct", "state", "new", "accept");
    return ((Number) Files.getAttribute(Path.of("/run/netns", ns), "unix:ino")).longValue();
  }

  /** Puts the old limit back and removes the namespace; safe to call twice. */
  private static void restore(String ns, String oldMax) {
    try {
      Files.writeString(MAX, oldMax);
    } catch (IOException e) {
      System.err.println("RealKernelIT: could not restore nf_conntrack_max=" + oldMax + ": " + e);
    }
    try {
      if (Files.exists(Path.of("/run/netns", ns))) {
        run("ip", "netns", "del", ns);
      }
    } catch (IOException | InterruptedException | AssertionError e) {
      System.err.println("RealKernelIT: could not delete netns " + ns + ": " + e);
    }
  }

  private StreamsApp startStreams(String prefix) throws Exception {
    Map<String, String> flags = new HashMap<>();
    flags.put(StreamsSettings.BOOTSTRAP_SERVERS, EmbeddedKafkaBroker.shared().bootstrapServers());
    flags.put(StreamsSettings.TOPIC_PREFIX, prefix);
    flags.put(StreamsSettings.APPLICATION_ID, prefix + "streams");
    flags.put(StreamsSettings.STATE_DIR, tmp.resolve("streams").toString());
    flags.put(StreamsSettings.METRICS_PORT, "-1");
    flags.put(StreamsSettings.TOPIC_PARTITIONS, "1");
    flags.put(StreamsSettings.BURST_GAP, "5s");
    flags.put(StreamsSettings.BURST_UPDATE_INTERVAL, "2s");
    flags.put(StreamsSettings.PUNCTUATE_INTERVAL, "1s");
    flags.put(StreamsSettings.GRACE_PERIOD, "1s");
    flags.put("kafka.commit.interval.ms", "200");
    StreamsApp streams = new StreamsApp(StreamsSettings.load(null, Map.of(), flags));
    streams.start();
    long deadline = System.nanoTime() + DEADLINE.toNanos();
    while (streams.state() != KafkaStreams.State.RUNNING && System.nanoTime() < deadline) {
      Thread.sleep(100);
    }
    assertThat(streams.state()).isEqualTo(KafkaStreams.State.RUNNING);
    return streams;
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
    return Settings.of(m);
  }

  /** What the output topics said about this host so far. */
  private static final class Outcome {
    final List<String> reasons = new ArrayList<>();
    boolean burst;
  }

  /** Reads findings and recommendations (read_committed) until both are there for the namespace or time is up. */
  private static Outcome await(String prefix, String host, long netns) {
    Topics topics = Topics.withPrefix(prefix);
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, EmbeddedKafkaBroker.shared().bootstrapServers());
    p.put(ConsumerConfig.GROUP_ID_CONFIG, prefix + "watch");
    p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    Outcome o = new Outcome();
    try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(p, new ByteArrayDeserializer(),
        new ByteArrayDeserializer())) {
      c.subscribe(List.of(topics.findings().name(), topics.recommendations().name()));
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
            }
          }
        }
      }
    }
    return o;
  }

  private static boolean named(Outcome o, long netns) {
    return o.reasons.stream().anyMatch(r -> r.contains("netns " + netns) && r.contains("holds 200 of 200"));
  }

  /** A ship agent on its own thread. */
  private static final class RunningShip implements AutoCloseable {
    final ShipAgent agent;
    private final Thread thread;

    RunningShip(Settings s) throws Exception {
      agent = new ShipAgent(s);
      thread = new Thread(() -> {
        try {
          agent.run();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }, "real-kernel-ship");
      thread.start();
      assertThat(agent.awaitRunning(DEADLINE)).as("agent running").isTrue();
    }

    @Override
    public void close() throws InterruptedException {
      agent.close();
      thread.join(DEADLINE.toMillis());
    }
  }

  private static boolean runs(String... argv) throws InterruptedException {
    try {
      Process p = new ProcessBuilder(argv).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD)
          .start();
      return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0;
    } catch (IOException e) {
      return false;
    }
  }

  private static void run(String... argv) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new AssertionError(String.join(" ", argv) + " failed: " + out.strip());
    }
  }
}
