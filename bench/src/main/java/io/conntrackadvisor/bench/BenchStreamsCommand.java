package io.conntrackadvisor.bench;

import io.conntrackadvisor.core.proc.ProcReader;
import io.conntrackadvisor.model.ConntrackSample;
import io.conntrackadvisor.model.KernelMessage;
import io.conntrackadvisor.model.NamespaceUsage;
import io.conntrackadvisor.model.StatNames;
import io.conntrackadvisor.model.Topics;
import io.conntrackadvisor.model.config.Settings;
import io.conntrackadvisor.streams.AppCounters;
import io.conntrackadvisor.streams.StreamsApp;
import io.conntrackadvisor.streams.StreamsSettings;
import io.conntrackadvisor.streams.TopologySettings;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.utils.Utils;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code bench-streams}: records/s of the advisor topology with exactly-once on a fresh broker (a child JVM) for
 * many simulated hosts, against a pass-through topology (read, write) on the same input as the ceiling and two
 * floors of any per-host stateful topology (state only; parse, keep state, write one record); then the
 * latency from a table-full line produced to its {@code burst} finding committed, while every host sends a sample
 * every 10 s.
 */
@Command(name = "bench-streams", mixinStandardHelpOptions = true,
    description = "Measures the Streams application's throughput and alert latency.")
public final class BenchStreamsCommand implements Callable<Integer> {
  private static final String PASS_THROUGH_OUT = "bench-pass-through-out";
  private static final String MINIMAL_OUT = "bench-minimal-out";

  @Option(names = "--hosts", defaultValue = "10000", description = "Simulated hosts (default ${DEFAULT-VALUE}).")
  int hosts;

  // 60: with 20 (200 000 records) a warm pass-through was done in under a second, too short a run for a rate.
  @Option(names = "--rounds", defaultValue = "60",
      description = "Records per host in the throughput input (default ${DEFAULT-VALUE}).")
  int rounds;

  @Option(names = "--troubled", defaultValue = "100",
      description = "Percentage of hosts in trouble (table-full lines and rising drops); the others send healthy "
          + "samples only (default ${DEFAULT-VALUE}, the worst case).")
  int troubledPercent;

  @Option(names = "--repeat", defaultValue = "2",
      description = "Runs of each topology, alternating (default ${DEFAULT-VALUE}).")
  int repeat;

  @Option(names = "--probes", defaultValue = "300", description = "Latency probes (default ${DEFAULT-VALUE}).")
  int probes;

  @Option(names = "--sample-interval", defaultValue = "10s",
      description = "Background load of the latency phase: each host sends a sample this often (default 10s).")
  String sampleInterval;

  @Option(names = "--setting", paramLabel = "KEY=VALUE",
      description = "A streams setting for both topologies (e.g. kafka.commit.interval.ms=200); repeatable.")
  Map<String, String> extra = new HashMap<>();

  @Option(names = "--work-dir", description = "Where the broker and the state go (default: a temp dir).")
  Path workDir;

  @Option(names = "--agent-samples",
      description = "Samples carry what ship reads on this machine: every counter of /proc/net/stat/nf_conntrack "
          + "and every nf_conntrack sysctl (about 2.4 KB of JSON on Linux 6.x instead of 300 bytes).")
  boolean agentSamples;

  @Option(names = "--namespaces", defaultValue = "0",
      description = "Network namespaces in each sample, with their owners (container, pod, processes), as ship "
          + "reports them on a Kubernetes node (default ${DEFAULT-VALUE}).")
  int namespaces;

  @Option(names = "--misplaced-samples",
      description = "Produce every sample to another partition than its host's (murmur2 of the host, Kafka "
          + "Streams' own), as a producer with another partitioner does: the advisor moves each through its "
          + "internal topic to its host's task.")
  boolean misplacedSamples;

  /** Partitions of the input topics. */
  private int partitions;

  /** With {@code --agent-samples}, a sample of this machine whose counters and sysctls the bench samples carry. */
  private ConntrackSample agentSample;

  private final Topics topics = Topics.defaults();
  /** The first record the bench failed to write, if any. */
  private final java.util.concurrent.atomic.AtomicReference<Exception> sendFailure =
      new java.util.concurrent.atomic.AtomicReference<>();

  @Override
  public Integer call() throws Exception {
    try (WorkDir work = WorkDir.of(workDir, "cta-bench-streams-");
        BenchBroker broker = BenchBroker.start(work.path(), List.of("-Xmx1g"))) {
      Path dir = work.path();
      if (agentSamples) {
        agentSample = new ProcReader(Path.of("/proc")).read("bench", Instant.now(), null);
      }
      String bootstrap = broker.bootstrapServers();
      partitions = TopologySettings.defaults().partitions();
      createTopics(bootstrap, partitions);
      long n = produceInput(bootstrap);
      System.out.printf(Locale.ROOT, "input: %d records (%d hosts x %d, %d %% in trouble), %d partitions per topic, "
          + "samples of %d bytes%s%n", n, hosts, rounds, troubledPercent, partitions,
          topics.conntrackSamples().valueSerde().serializer().serialize("", sample("node-00000", Instant.now(),
              50_000, 0)).length, misplacedSamples ? ", every sample off its host's partition" : "");
      // Alternate the two, each from the start of the input under its own application id: runs on this small
      // machine vary, and the first one also warms the broker up.
      // Run 1 of each kind is cold (JIT, broker), the others warm: they are summed apart, since the pass-through
      // gains far more from a warm JVM than the advisor does.
      Sums cold = new Sums();
      Sums warm = new Sums();
      for (int run = 1; run <= repeat; run++) {
        Sums sums = run == 1 ? cold : warm;
        Measurement pass = passThrough(broker, dir, "bench-pass-through-" + run);
        sums.pass.add(pass, n);
        System.out.printf(Locale.ROOT, "run %d: pass-through, exactly_once_v2: %.0f records/s; %s%n", run,
            n / pass.seconds(), pass.cpu(n));
        for (Floor f : Floor.values()) {
          Measurement m = floor(broker, dir, f.applicationId + run, f == Floor.MINIMAL);
          sums.floor(f).add(m, n);
          System.out.printf(Locale.ROOT, "run %d: %s, exactly_once_v2: %.0f records/s (%.2f of pass-through); %s%n",
              run, f.label, n / m.seconds(), pass.seconds() / m.seconds(), m.cpu(n));
        }
        String id = "bench-advisor-" + run;
        StreamsApp advisor = new StreamsApp(Settings.of(settings(bootstrap, dir, id)));
        try {
          Measurement m = runUntilCaughtUp(broker, id, advisor::start, advisor::state);
          double rate = n / m.seconds();
          sums.advisor.add(m, n);
          sums.runs++;
          System.out.printf(Locale.ROOT, "run %d: advisor topology, exactly_once_v2: %.0f records/s (%.2f of "
              + "pass-through); %s; counters %s, moved %s%n", run, rate, rate * pass.seconds() / n, m.cpu(n),
              advisor.counters().snapshot(), advisor.counters().repartitionedSnapshot());
          if (run == repeat) {
            cold.print("cold (run 1)");
            if (warm.runs > 0) {
              warm.print("warm (mean of runs 2-" + repeat + ")");
            }
            latency(bootstrap);
          }
        } finally {
          advisor.close();
        }
      }
    }
    return 0;
  }

  /** The two floors ({@link #floor}): what they are called in the output, and their application id's prefix. */
  private enum Floor {
    STATE_ONLY("state only", "bench-state-only-"),
    MINIMAL("parse, keep state, write one record", "bench-minimal-");

    final String label;
    final String applicationId;

    Floor(String label, String applicationId) {
      this.label = label;
      this.applicationId = applicationId;
    }
  }

  /** Records/s and CPU per record summed over runs of one topology. */
  private static final class Total {
    double rate;
    double cpu;

    void add(Measurement m, long records) {
      rate += records / m.seconds();
      cpu += m.cpuMicrosPerRecord(records);
    }
  }

  /** Rates and CPU per record of a set of runs of every topology. */
  private static final class Sums {
    int runs;
    final Total pass = new Total();
    final Total advisor = new Total();
    final Map<Floor, Total> floors = new EnumMap<>(Floor.class);

    Total floor(Floor f) {
      return floors.computeIfAbsent(f, k -> new Total());
    }

    void print(String which) {
      System.out.printf(Locale.ROOT, "%s: pass-through %.0f records/s, advisor %.0f records/s, ratio %.2f; CPU per "
          + "record (this JVM's threads of the application + the broker) pass-through %.1f us, advisor %.1f us, "
          + "ratio %.2f%n", which, pass.rate / runs, advisor.rate / runs, advisor.rate / pass.rate, pass.cpu / runs,
          advisor.cpu / runs, pass.cpu / advisor.cpu);
      floors.forEach((f, t) -> System.out.printf(Locale.ROOT, "%s: %s %.0f records/s, ratio %.2f of pass-through; "
          + "CPU per record %.1f us%n", which, f.label, t.rate / runs, t.rate / pass.rate, t.cpu / runs));
    }
  }

  private Map<String, String> settings(String bootstrap, Path dir, String applicationId) {
    Map<String, String> m = new HashMap<>();
    m.put(Settings.BOOTSTRAP_SERVERS, bootstrap);
    m.put(StreamsSettings.APPLICATION_ID, applicationId);
    m.put(StreamsSettings.STATE_DIR, dir.resolve("state").toString());
    m.put(StreamsSettings.METRICS_PORT, "-1");
    m.putAll(extra);
    return m;
  }

  private void createTopics(String bootstrap, int partitions) throws Exception {
    try (Admin admin = admin(bootstrap)) {
      List<NewTopic> all = new ArrayList<>();
      for (Topics.Topic<?, ?> t : topics.all()) {
        all.add(new NewTopic(t.name(), Optional.of(partitions), Optional.empty()).configs(t.configs()));
      }
      all.add(new NewTopic(PASS_THROUGH_OUT, Optional.of(partitions), Optional.empty()));
      all.add(new NewTopic(MINIMAL_OUT, Optional.of(partitions), Optional.empty()));
      admin.createTopics(all).all().get();
      awaitLeaders(admin, all.stream().map(NewTopic::name).toList());
    }
  }

  /**
   * Waits until every partition of the new topics has a leader: an idempotent producer that writes to a partition
   * whose leader is still being elected can see its first batches rejected out of order and retry them for its
   * whole delivery timeout (minutes of a stalled bench on this machine).
   */
  private static void awaitLeaders(Admin admin, List<String> names) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (!led(admin, names)) {
      check(deadline, "led");
      Thread.sleep(50);
    }
  }

  /** Whether every partition has a leader; false while the broker does not know a just-created topic yet. */
  private static boolean led(Admin admin, List<String> names) throws InterruptedException, ExecutionException {
    try {
      return admin.describeTopics(names).allTopicNames().get().values().stream()
          .flatMap(d -> d.partitions().stream()).noneMatch(p -> p.leader() == null || p.leader().isEmpty());
    } catch (ExecutionException e) {
      if (e.getCause() instanceof UnknownTopicOrPartitionException) {
        return false;
      }
      throw e;
    }
  }

  /**
   * Per host, one record every 10 s of event time. A host in trouble sends a sample (count rising, drops counted),
   * then a table-full line, then a rate-limiter summary, and again, so every record is one the detector works on
   * and most make a finding; a healthy host sends a steady sample.
   */
  private long produceInput(String bootstrap) throws Exception {
    Instant base = Instant.now().minus(Duration.ofHours(2));
    long n = 0;
    try (KafkaProducer<byte[], byte[]> p = producer(bootstrap)) {
      for (int r = 0; r < rounds; r++) {
        for (int h = 0; h < hosts; h++) {
          String host = host(h);
          Instant t = base.plusMillis(r * 10_000L + h % 1000);
          if (h % 100 >= troubledPercent) {
            send(p, topics.conntrackSamples(), host, sample(host, t, 20_000 + h % 100, 0));
          } else if (r % 3 == 0) {
            send(p, topics.conntrackSamples(), host, sample(host, t, 50_000 + r * 1_000L + h % 100, r * 2L));
          } else {
            send(p, topics.kernelMessages(), host, message(host, t, r % 3 == 1
                ? "nf_conntrack: table full, dropping packet" : "net_ratelimit: 120 callbacks suppressed"));
          }
          n++;
        }
      }
      p.flush();
    }
    Exception failed = sendFailure.get();
    if (failed != null) {
      throw new IllegalStateException("the input was not written completely: " + failed, failed);
    }
    return n;
  }

  private static String host(int h) {
    return String.format(Locale.ROOT, "node-%05d", h);
  }

  private ConntrackSample sample(String host, Instant t, long count, long drops) {
    // each namespace holds a share of the count that moves with it; owners stay, as pods do between samples
    List<NamespaceUsage> ns = null;
    if (namespaces > 0) {
      ns = new ArrayList<>(namespaces);
      for (int i = 0; i < namespaces; i++) {
        // the first is the host's own namespace, whose counters carry the drops (the others' deltas replace the
        // host's counters when a sample lists namespaces)
        ns.add(new NamespaceUsage(4_026_532_000L + i, count / (2L * namespaces) + i, i == 0 ? drops : 0L, 0L, 0L,
            String.format(Locale.ROOT, "%012x", 0x3f2a1b9c0d4eL + i), host + "-pod-" + i + "-7f9c8d6b5-x2k4p",
            List.of("nginx", "sh")));
      }
    }
    if (agentSample != null) {
      Map<String, Long> stats = new TreeMap<>(agentSample.stats());
      stats.replaceAll((name, v) -> 0L);
      stats.put(StatNames.DROP, drops);
      return new ConntrackSample(host, t, count, 262_144, 65_536L, agentSample.memTotalBytes(), agentSample.cpus(),
          agentSample.kernelRelease(), stats, agentSample.sysctls(), null, ns);
    }
    return new ConntrackSample(host, t, count, 262_144, 65_536L, 16L << 30, 8, "6.1.0-bench",
        Map.of(StatNames.DROP, drops, StatNames.EARLY_DROP, 0L, StatNames.INSERT_FAILED, 0L), Map.of(), null, ns);
  }

  private static KernelMessage message(String host, Instant t, String text) {
    return new KernelMessage(host, t, null, 4, 0, "kernel", "bench", "kernel", text, null);
  }

  /**
   * Sends a record keyed by its host; a sample goes to the partition after its host's when
   * {@code --misplaced-samples} is on, else the producer's murmur2 partitioner places it.
   */
  private <V> void send(KafkaProducer<byte[], byte[]> p, Topics.Topic<String, V> topic, String host, V value) {
    byte[] key = host.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    Integer partition = misplacedSamples && value instanceof ConntrackSample
        ? (Utils.toPositive(Utils.murmur2(key)) % partitions + 1) % partitions : null;
    p.send(new ProducerRecord<>(topic.name(), partition, key,
        topic.valueSerde().serializer().serialize(topic.name(), value)), (metadata, e) -> {
          if (e != null) {
            sendFailure.compareAndSet(null, e);
          }
        });
  }

  /** The ceiling: read both input topics and write every record unchanged, with the same guarantee. */
  private Measurement passThrough(BenchBroker broker, Path dir, String applicationId) throws Exception {
    StreamsBuilder b = new StreamsBuilder();
    b.stream(List.of(topics.kernelMessages().name(), topics.conntrackSamples().name()),
            Consumed.with(Serdes.ByteArray(), Serdes.ByteArray()))
        .to(PASS_THROUGH_OUT, Produced.with(Serdes.ByteArray(), Serdes.ByteArray()));
    Properties props = StreamsApp.streamsProperties(Settings.of(settings(broker.bootstrapServers(), dir,
        applicationId)), new AppCounters());
    props.put(StreamsConfig.ENSURE_EXPLICIT_INTERNAL_RESOURCE_NAMING_CONFIG, false);
    KafkaStreams streams = new KafkaStreams(b.build(), props);
    try {
      return runUntilCaughtUp(broker, applicationId, streams::start, streams::state);
    } finally {
      streams.close(Duration.ofSeconds(30));
    }
  }

  /**
   * Floors of any topology that keeps per-host state with exactly-once. {@code parseAndWrite} false: each record's
   * bytes, unparsed, become its host's state in a RocksDB store with a changelog (no cache, like the advisor's
   * store), and nothing else is written. True, the least the advisor must do: also parse the value with the JSON
   * contract's reader, and write the record to an output topic (the advisor writes a finding for two records in
   * three, and a recommendation now and then). The advisor does all this and more, so its rate cannot exceed these.
   */
  private Measurement floor(BenchBroker broker, Path dir, String applicationId, boolean parseAndWrite)
      throws Exception {
    Topology t = new Topology();
    t.addSource("inputs", new ByteArrayDeserializer(), new ByteArrayDeserializer(), topics.kernelMessages().name(),
        topics.conntrackSamples().name());
    t.addProcessor("keep", () -> new KeepLatest(parseAndWrite ? topics : null), "inputs");
    t.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(KeepLatest.STORE), Serdes.Bytes(),
        Serdes.ByteArray()).withCachingDisabled(), "keep");
    if (parseAndWrite) {
      t.addSink("out", MINIMAL_OUT, new ByteArraySerializer(), new ByteArraySerializer(), "keep");
    }
    Properties props = StreamsApp.streamsProperties(Settings.of(settings(broker.bootstrapServers(), dir,
        applicationId)), new AppCounters());
    KafkaStreams streams = new KafkaStreams(t, props);
    try {
      return runUntilCaughtUp(broker, applicationId, streams::start, streams::state);
    } finally {
      streams.close(Duration.ofSeconds(30));
    }
  }

  /**
   * Keeps each host's latest record as its state; with the topics, first parses the value as the contract's type of
   * its topic and then forwards the record.
   */
  private static final class KeepLatest implements Processor<byte[], byte[], byte[], byte[]> {
    static final String STORE = "latest";
    private final Topics parseWith;
    private ProcessorContext<byte[], byte[]> context;
    private KeyValueStore<Bytes, byte[]> store;

    KeepLatest(Topics parseWith) {
      this.parseWith = parseWith;
    }

    @Override
    public void init(ProcessorContext<byte[], byte[]> context) {
      this.context = context;
      store = context.getStateStore(STORE);
    }

    @Override
    public void process(Record<byte[], byte[]> r) {
      if (r.key() == null) {
        return;
      }
      if (parseWith != null) {
        String topic = context.recordMetadata().orElseThrow().topic();
        Topics.Topic<String, ?> from = topic.equals(parseWith.kernelMessages().name())
            ? parseWith.kernelMessages() : parseWith.conntrackSamples();
        if (from.valueSerde().deserializer().deserialize(topic, r.value()) == null) {
          return;
        }
      }
      store.put(Bytes.wrap(r.key()), r.value());
      if (parseWith != null) {
        context.forward(r);
      }
    }
  }

  /** Something that can be started and reports a {@link KafkaStreams.State}. */
  private interface Startable {
    void start() throws Exception;
  }

  /**
   * One run: seconds from RUNNING to caught up, and the CPU used meanwhile by this JVM's threads of the
   * application (stream thread, its clients' network threads) and by the broker's JVM. CPU per record does not
   * depend on how busy the machine was, which the rate does.
   */
  private record Measurement(double seconds, double appCpuSeconds, double brokerCpuSeconds) {
    double cpuMicrosPerRecord(long records) {
      return (appCpuSeconds + brokerCpuSeconds) * 1e6 / records;
    }

    String cpu(long records) {
      return String.format(Locale.ROOT, "CPU per record %.1f us (application %.1f us, broker %.1f us)",
          cpuMicrosPerRecord(records), appCpuSeconds * 1e6 / records, brokerCpuSeconds * 1e6 / records);
    }
  }

  /**
   * Starts an application and waits until its committed offsets reach the end of both input topics; measures
   * from RUNNING (partitions assigned, stores restored) to that point.
   */
  private Measurement runUntilCaughtUp(BenchBroker broker, String group, Startable app,
      Supplier<KafkaStreams.State> state) throws Exception {
    try (Admin admin = admin(broker.bootstrapServers())) {
      Map<TopicPartition, Long> ends = endOffsets(admin);
      app.start();
      long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
      while (state.get() != KafkaStreams.State.RUNNING) {
        check(deadline, "RUNNING");
        Thread.sleep(10);
      }
      long start = System.nanoTime();
      Map<Long, Long> cpuAtStart = threadCpu(group);
      Duration brokerAtStart = broker.cpu();
      deadline = start + Duration.ofMinutes(20).toNanos();
      while (!caughtUp(admin, group, ends)) {
        check(deadline, "caught up");
        Thread.sleep(50);
      }
      double seconds = (System.nanoTime() - start) / 1e9;
      long appNanos = 0;
      for (Map.Entry<Long, Long> t : threadCpu(group).entrySet()) {
        appNanos += t.getValue() - cpuAtStart.getOrDefault(t.getKey(), 0L);
      }
      return new Measurement(seconds, appNanos / 1e9, broker.cpu().minus(brokerAtStart).toNanos() / 1e9);
    }
  }

  /** CPU nanoseconds of each live thread whose name contains the application id. */
  private static Map<Long, Long> threadCpu(String applicationId) {
    java.lang.management.ThreadMXBean mx = java.lang.management.ManagementFactory.getThreadMXBean();
    Map<Long, Long> cpu = new HashMap<>();
    for (Thread t : Thread.getAllStackTraces().keySet()) {
      if (t.getName().contains(applicationId)) {
        long ns = mx.getThreadCpuTime(t.getId());
        if (ns >= 0) {
          cpu.put(t.getId(), ns);
        }
      }
    }
    return cpu;
  }

  private static void check(long deadline, String what) {
    if (System.nanoTime() - deadline > 0) {
      throw new IllegalStateException("not " + what + " in time");
    }
  }

  private Map<TopicPartition, Long> endOffsets(Admin admin) throws Exception {
    Map<TopicPartition, OffsetSpec> specs = new HashMap<>();
    for (String t : List.of(topics.kernelMessages().name(), topics.conntrackSamples().name())) {
      int parts = admin.describeTopics(List.of(t)).allTopicNames().get().get(t).partitions().size();
      for (int i = 0; i < parts; i++) {
        specs.put(new TopicPartition(t, i), OffsetSpec.latest());
      }
    }
    Map<TopicPartition, Long> ends = new HashMap<>();
    admin.listOffsets(specs).all().get().forEach((tp, info) -> ends.put(tp, info.offset()));
    return ends;
  }

  private static boolean caughtUp(Admin admin, String group, Map<TopicPartition, Long> ends) throws Exception {
    Map<TopicPartition, OffsetAndMetadata> committed =
        admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get();
    for (Map.Entry<TopicPartition, Long> e : ends.entrySet()) {
      OffsetAndMetadata c = committed.get(e.getKey());
      if (e.getValue() > 0 && (c == null || c.offset() < e.getValue())) {
        return false;
      }
    }
    return true;
  }

  /**
   * While every host sends a sample per interval, one new host per probe sends its first table-full line; the
   * latency is from just before the send to the moment a read_committed consumer sees its burst finding.
   */
  private void latency(String bootstrap) throws Exception {
    Duration every = Settings.parseDuration("--sample-interval", sampleInterval);
    Map<String, Long> sentAt = new ConcurrentHashMap<>();
    List<Double> latencies = new ArrayList<>();
    AtomicBoolean stop = new AtomicBoolean();
    try (KafkaProducer<byte[], byte[]> p = producer(bootstrap);
        KafkaConsumer<String, byte[]> c = findingsReader(bootstrap)) {
      Thread background = new Thread(() -> backgroundSamples(p, every, stop), "bench-background");
      background.start();
      try {
        long interval = 50;
        long next = System.nanoTime();
        int sent = 0;
        long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
        while (latencies.size() < probes && System.nanoTime() < deadline) {
          if (sent < probes && System.nanoTime() >= next) {
            String host = "probe-" + sent++;
            sentAt.put(host, System.nanoTime());
            send(p, topics.kernelMessages(), host, message(host, Instant.now(),
                "nf_conntrack: table full, dropping packet"));
            p.flush();
            next += interval * 1_000_000L;
          }
          for (ConsumerRecord<String, byte[]> r : c.poll(Duration.ofMillis(5))) {
            Long t0 = r.key() == null ? null : sentAt.remove(r.key());
            if (t0 != null) {
              latencies.add((System.nanoTime() - t0) / 1e6);
            }
          }
        }
      } finally {
        stop.set(true);
        background.join();
      }
    }
    latencies.sort(Double::compare);
    System.out.printf(Locale.ROOT, "latency table-full line -> burst finding committed, %d probes (of %d) with %d "
            + "hosts sampling every %s: p50 %.0f ms, p99 %.0f ms, max %.0f ms%n", latencies.size(), probes, hosts,
        every, pct(latencies, 0.50), pct(latencies, 0.99), latencies.isEmpty() ? Double.NaN
            : latencies.get(latencies.size() - 1));
  }

  private static double pct(List<Double> sorted, double q) {
    return sorted.isEmpty() ? Double.NaN : sorted.get((int) Math.min(sorted.size() - 1, Math.ceil(q * sorted.size()) - 1));
  }

  /** Every host sends a sample per interval, spread evenly over it. */
  private void backgroundSamples(KafkaProducer<byte[], byte[]> p, Duration every, AtomicBoolean stop) {
    long gapNanos = every.toNanos() / hosts;
    long next = System.nanoTime();
    int h = 0;
    long round = 0;
    while (!stop.get()) {
      long now = System.nanoTime();
      if (now < next) {
        java.util.concurrent.locks.LockSupport.parkNanos(Math.min(next - now, 1_000_000));
        continue;
      }
      String host = host(h);
      send(p, topics.conntrackSamples(), host, sample(host, Instant.now(), 60_000 + round % 100, rounds + round));
      next += gapNanos;
      if (++h == hosts) {
        h = 0;
        round++;
      }
    }
  }

  private KafkaConsumer<String, byte[]> findingsReader(String bootstrap) {
    KafkaConsumer<String, byte[]> c = new KafkaConsumer<>(Map.of(
        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
        ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"), new StringDeserializer(),
        new org.apache.kafka.common.serialization.ByteArrayDeserializer());
    String t = topics.findings().name();
    List<TopicPartition> parts = c.partitionsFor(t, Duration.ofSeconds(30)).stream()
        .map(i -> new TopicPartition(t, i.partition())).toList();
    c.assign(parts);
    c.seekToEnd(parts);
    parts.forEach(c::position);
    return c;
  }

  /**
   * The bench's own writer of input and probes. Not idempotent: on a broker whose partitions were created a moment
   * ago an idempotent producer's first batches could be rejected out of sequence and retried until they expired
   * (seen once in CI: "Expiring 12 record(s) for kernel-messages-3"); one request in flight keeps the order.
   */
  private static KafkaProducer<byte[], byte[]> producer(String bootstrap) {
    return new KafkaProducer<>(Map.of(
        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
        ProducerConfig.ACKS_CONFIG, "all",
        ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, false,
        ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 1,
        ProducerConfig.LINGER_MS_CONFIG, 5,
        ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024), new ByteArraySerializer(), new ByteArraySerializer());
  }

  private static Admin admin(String bootstrap) {
    return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap));
  }
}
