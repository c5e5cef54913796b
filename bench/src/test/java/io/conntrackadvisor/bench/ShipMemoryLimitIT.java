package io.conntrackadvisor.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.conntrackadvisor.app.Main;
import io.conntrackadvisor.broker.EmbeddedKafkaBroker;
import io.conntrackadvisor.ingest.ShipSettings;
import io.conntrackadvisor.model.Json;
import io.conntrackadvisor.model.KernelMessage;
import io.conntrackadvisor.model.Topics;
import io.conntrackadvisor.model.config.Settings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

/**
 * The agent, started as deployed (its own JVM with {@code deploy/jvm/ship.options}), in a memory cgroup of 96 MiB
 * that the test makes: the broker goes away, 200 000 long kernel lines arrive, the outbox fills to its byte limit and
 * the agent waits; the broker comes back and every line is in Kafka once (read_committed). The kernel's OOM killer
 * must not have touched it, nor the JVM have run out of heap (it would exit). Mostly waiting (for the outage, the
 * flood, the delivery), it runs beside the other classes of this module.
 */
@Execution(ExecutionMode.CONCURRENT)
class ShipMemoryLimitIT {
  private static final long LIMIT = 96L << 20;
  private static final int FLOOD = 200_000;
  private static final int BEFORE = 10;
  /** The outbox's size as deployed: the default of {@code buffer.max.bytes}, which the test leaves alone. */
  private static final long OUTBOX = ShipSettings.from(Settings.of(Map.of(Settings.BOOTSTRAP_SERVERS,
      "unused:9092"))).bufferMaxBytes();
  /** A line of 300-odd bytes: its record (JSON) is about 500, so 2 MiB of outbox holds some 4 000 of them. */
  private static final String PADDING = " IN=eth0 OUT=eth1 MAC=52:54:00:12:34:56:52:54:00:65:43:21:08:00"
      + " SRC=10.20.30.40 DST=192.168.100.200 LEN=60 TOS=0x00 PREC=0x00 TTL=63 ID=54321 DF PROTO=TCP SPT=51234"
      + " DPT=443 WINDOW=64240 RES=0x00 SYN URGP=0 MARK=0x1 zone=0 table=filter chain=FORWARD policy=ACCEPT"
      + " conntrack_max=262144 conntrack_count=262144 buckets=65536";

  @TempDir
  Path work;

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
  void shouldSurviveAnOutageAndAFloodWithin96MiBAndShipEveryLineOnce() throws Exception {
    String unavailable = MemoryCgroup.unavailableReason();
    assumeTrue(unavailable == null, "no memory cgroup for the test: " + unavailable);
    Path log = work.resolve("kern.log");
    append(log, 0, BEFORE);
    int port = freePort();
    String cgroupName = "conntrack-advisor-it-" + ProcessHandle.current().pid();
    try (MemoryCgroup cgroup = MemoryCgroup.create(cgroupName, LIMIT)) {
      ChildJvm agent = ChildJvm.startAsDeployed(cgroup.launch(), ChildJvm.shipOptions(), List.of(),
          Main.class.getName(), agentArgs(log, port), work.resolve("agent.log"));
      try (agent; KafkaConsumer<byte[], byte[]> reader = reader()) {
        Map<Integer, Integer> seen = new HashMap<>();
        await("the first lines shipped", () -> read(reader, seen) >= BEFORE, agent);

        // When the broker is away and a flood arrives
        broker.stop();
        append(log, BEFORE, BEFORE + FLOOD);
        await("the outbox full", () -> metric(port, "conntrack_advisor_ship_buffer_bytes") > OUTBOX * 3 / 4
            && metric(port, "conntrack_advisor_ship_backpressure_total") > 0, agent);
        Thread.sleep(5_000); // the agent holds its full outbox and retries
        long anonDuringOutage = cgroup.anonBytes();

        // Then, once the broker is back, every line is in Kafka once
        broker.start();
        await("every line shipped", () -> read(reader, seen) >= BEFORE + FLOOD, agent);
        Thread.sleep(1_000);
        read(reader, seen);
        String memory = String.format(Locale.ROOT, "peak %d MiB of %d MiB (anonymous during the outage %d MiB)",
            cgroup.peakBytes() >> 20, LIMIT >> 20, anonDuringOutage >> 20);
        System.err.println("ShipMemoryLimitIT: " + memory);
        assertThat(agent.alive()).as("agent alive; " + memory + "; its log: " + tail(work.resolve("agent.log")))
            .isTrue();
        assertThat(cgroup.oomKills()).as("OOM kills in the cgroup").isZero();
        assertThat(seen).hasSize(BEFORE + FLOOD);
        assertThat(seen.values()).as("each line once").containsOnly(1);
      }
    }
  }

  private List<String> agentArgs(Path log, int port) {
    return List.of("ship", "--bootstrap-servers", broker.bootstrapServers(), "--no-journald",
        "--syslog-file", log.toString(), "--state-dir", work.resolve("state").toString(), "--host", "it-memory",
        "--metrics-port", String.valueOf(port), "--set", "retry.backoff.max=2s",
        "--set", "kafka.reconnect.backoff.max.ms=500");
  }

  private static void append(Path file, int from, int to) throws IOException {
    StringBuilder b = new StringBuilder();
    for (int n = from; n < to; n++) {
      b.append("Mar  2 08:14:56 gw-1 kernel: nf_conntrack: table full, dropping packet line-").append(n)
          .append(PADDING).append('\n');
    }
    Files.writeString(file, b, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
  }

  /** A reader without a group (no offsets to lose when the broker restarts): it assigns itself every partition. */
  private KafkaConsumer<byte[], byte[]> reader() {
    return new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
        ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"), new ByteArrayDeserializer(),
        new ByteArrayDeserializer());
  }

  /** Polls once and counts each line number seen; returns how many distinct lines were seen so far. */
  private static int read(KafkaConsumer<byte[], byte[]> reader, Map<Integer, Integer> seen) {
    if (reader.assignment().isEmpty()) {
      String topic = Topics.defaults().kernelMessages().name();
      List<TopicPartition> parts = reader.partitionsFor(topic, Duration.ofSeconds(5)).stream()
          .map(p -> new TopicPartition(topic, p.partition())).toList();
      if (parts.isEmpty()) {
        return 0; // the agent has not created it yet
      }
      reader.assign(parts);
      reader.seekToBeginning(parts);
    }
    Pattern number = Pattern.compile("line-(\\d+) ");
    for (ConsumerRecord<byte[], byte[]> r : reader.poll(Duration.ofMillis(500))) {
      try {
        Matcher m = number.matcher(Json.read(r.value(), KernelMessage.class).message());
        assertThat(m.find()).as("a line of the test: " + new String(r.value(), StandardCharsets.UTF_8)).isTrue();
        seen.merge(Integer.parseInt(m.group(1)), 1, Integer::sum);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return seen.size();
  }

  /** A value of the agent's /metrics, summed over its labels; 0 while it does not answer. */
  private static double metric(int port, String name) {
    try {
      String body = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
          + "/metrics")).timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString()).body();
      Matcher m = Pattern.compile("(?m)^" + name + "(?:\\{[^}]*})? ([0-9.eE+-]+)$").matcher(body);
      double sum = 0;
      while (m.find()) {
        sum += Double.parseDouble(m.group(1));
      }
      return sum;
    } catch (IOException e) {
      return 0;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return 0;
    }
  }

  private void await(String what, BooleanSupplier done, ChildJvm agent) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (!done.getAsBoolean()) {
      assertThat(agent.alive()).as("agent alive while waiting for " + what + "; its log: "
          + tail(work.resolve("agent.log"))).isTrue();
      assertThat(System.nanoTime() < deadline).as("within 60 s: " + what + "; agent log: "
          + tail(work.resolve("agent.log"))).isTrue();
      Thread.sleep(100);
    }
  }

  private static String tail(Path file) throws IOException {
    String s = Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "(none)";
    return s.length() > 4000 ? "..." + s.substring(s.length() - 4000) : s;
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}
