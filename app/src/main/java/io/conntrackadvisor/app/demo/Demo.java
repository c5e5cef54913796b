package io.conntrackadvisor.app.demo;

import io.conntrackadvisor.broker.EmbeddedKafkaBroker;
import io.conntrackadvisor.core.analyze.TextReport;
import io.conntrackadvisor.ingest.ShipAgent;
import io.conntrackadvisor.ingest.ShipSettings;
import io.conntrackadvisor.model.BurstFinding;
import io.conntrackadvisor.model.Finding;
import io.conntrackadvisor.model.Recommendation;
import io.conntrackadvisor.model.Severity;
import io.conntrackadvisor.model.Topics;
import io.conntrackadvisor.model.config.Settings;
import io.conntrackadvisor.sink.SinkApp;
import io.conntrackadvisor.sink.SinkSettings;
import io.conntrackadvisor.streams.StreamsApp;
import io.conntrackadvisor.streams.StreamsSettings;
import io.conntrackadvisor.model.TopNamespace;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.streams.KafkaStreams;

/**
 * The whole pipeline in one process: a real Kafka broker (or the one given), the Streams application, the sink
 * and one real {@code ship} agent per simulated host, which tails the host's syslog file and samples its proc
 * folder. Prints progress, every finding and every recommendation as it arrives; ends by itself. With
 * {@link #runRealKernel} the incident happens on this machine's kernel instead ({@link RealKernelReproduction}) and
 * one agent reads {@code /dev/kmsg} and the real {@code /proc}.
 */
public final class Demo implements AutoCloseable {
  private final Path workDir;
  private final Path outDir;
  private final PrintWriter out;
  private final String externalBootstrap;
  private final List<AutoCloseable> toClose = new ArrayList<>();
  private final List<Thread> threads = new ArrayList<>();
  private final Map<String, Recommendation> latest = new LinkedHashMap<>();
  private final List<BurstFinding> bursts = new ArrayList<>();
  private final boolean shipOnly;
  private final int httpPort;
  private final CountDownLatch closed = new CountDownLatch(1);
  private final AtomicBoolean closing = new AtomicBoolean();
  private volatile String dashboardUrl;
  /** Output about evidence older than this is counted, not printed (the kernel's buffer holds old messages). */
  private Instant showFrom = Instant.MIN;
  private int hidden;

  public Demo(Path workDir, String externalBootstrap, PrintWriter out) {
    this(workDir, externalBootstrap, false, 0, out);
  }

  /**
   * A demo whose sink serves its live dashboard on {@code httpPort} (0: any free port); with {@code shipOnly} it
   * runs only the simulated hosts and their agents, for a cluster where the Streams application and the sink
   * already run (the compose {@code demo} profile).
   */
  public Demo(Path workDir, String externalBootstrap, boolean shipOnly, int httpPort, PrintWriter out) {
    this.httpPort = httpPort;
    this.workDir = workDir;
    this.externalBootstrap = externalBootstrap;
    this.shipOnly = shipOnly;
    this.out = out;
    this.outDir = workDir.resolve("out");
  }

  /** Runs the scenario; returns 0 when the overloaded host got its recommendation in time, 1 otherwise. */
  public int run(Duration deadline, boolean follow) throws Exception {
    Instant until = Instant.now().plus(deadline);
    String bootstrap = startPipeline(until);
    Scenario scenario = new Scenario(workDir);
    for (SimulatedHost h : scenario.hosts()) {
      Map<String, String> flags = shipFlags(bootstrap, h.name);
      flags.put(ShipSettings.HOST, h.name);
      flags.put(ShipSettings.PROC_ROOT, h.procRoot.toString());
      flags.put(ShipSettings.SYSLOG_FILES, h.syslog.toString());
      startShip("ship-" + h.name, flags);
    }
    step("ship agents tailing " + workDir.resolve("logs") + " and sampling " + workDir.resolve("proc")
        + " every second");
    try (KafkaConsumer<byte[], byte[]> watcher = watcher(bootstrap)) {
      int[] tick = {0};
      Instant[] nextTick = {Instant.now()};
      watch(watcher, until, () -> !follow && tick[0] > Scenario.SECONDS && simulatedDone(), () -> {
        if (tick[0] <= Scenario.SECONDS && !Instant.now().isBefore(nextTick[0])) {
          if (tick[0] == 2) {
            step("load starts on docker-web-1: ab -c 300 -n 1000 against a table limited to 200 entries");
          }
          scenario.tick(tick[0]++);
          nextTick[0] = nextTick[0].plusSeconds(1);
        }
      });
    }
    if (!simulatedDone()) {
      out.println("demo: the overloaded host did not get its recommendation before the deadline");
      return 1;
    }
    if (!shipOnly) {
      awaitFiles("docker-web-1", null, until.plusSeconds(20));
      DashboardScreenshots.take(dashboardUrl, outDir, scenario.hosts().stream().map(h -> h.name).toList(),
          workDir.resolve("chromium"), out);
    }
    return 0;
  }

  /** The live dashboard's address, once the sink runs; null in {@code shipOnly} mode. */
  public String dashboardUrl() {
    return dashboardUrl;
  }

  /** Waits until {@link #close()} was called (for {@code --keep-open}: until Ctrl-C). */
  public void awaitClose() throws InterruptedException {
    closed.await();
  }

  /**
   * Runs the incident on this machine's kernel: creates the namespace, starts the pipeline with one agent reading
   * {@code /dev/kmsg} and the real {@code /proc}, lowers the limit, floods the namespace, and waits for a burst in
   * that namespace and a recommendation that names it full. The agent stops and everything the reproduction changed
   * is restored as soon as that happened (or on failure); the caller closes {@code repro} as well.
   *
   * @return 0 when the recommendation came in time, 1 otherwise
   */
  public int runRealKernel(RealKernelReproduction repro, Duration deadline) throws Exception {
    Instant until = Instant.now().plus(deadline);
    showFrom = Instant.now().minusSeconds(5);
    try {
      step("creating network namespace " + repro.namespace() + " with conntrack on (nftables 'ct state new "
          + "accept')");
      long netns = repro.start();
      step("namespace " + repro.namespace() + " is netns " + netns);
      String bootstrap = startPipeline(until);
      // lowered before the agent starts, so that every sample it takes shows the table as the incident had it
      step("lowering net.netfilter.nf_conntrack_max from " + repro.lowerMax() + " to "
          + RealKernelReproduction.LIMIT);
      // this machine: kernel messages from /dev/kmsg, samples of the real /proc with every namespace
      Map<String, String> flags = shipFlags(bootstrap, "this-host");
      flags.put(ShipSettings.KMSG, "true");
      // the namespace appears just before the flood: find it within seconds, not at the default 60 s rescan
      flags.put(ShipSettings.NAMESPACES_RESCAN, "2s");
      ShipAgent agent = startShip("ship", flags);
      if (!agent.awaitRunning(Duration.between(Instant.now(), until))) {
        out.println("demo: the ship agent did not start");
        return 1;
      }
      String host = agent.host();
      step("ship agent for host " + host + " reading /dev/kmsg and sampling /proc (every network namespace) "
          + "every second");
      BooleanSupplier named = () -> realKernelDone(host, netns);
      try (KafkaConsumer<byte[], byte[]> watcher = watcher(bootstrap)) {
        RealKernelReproduction.Flood f = repro.flood(deadline);
        step(String.format(Locale.ROOT, "opened %d TCP connections in netns %d: %d connected, %d dropped by the full "
            + "table", f.connected() + f.failed(), netns, f.connected(), f.failed()));
        watch(watcher, until, named, () -> { });
      }
      boolean done = named.getAsBoolean();
      agent.close(); // no sample after the limit is back: the advice stays the one made at 200
      if (hidden > 0) {
        step(hidden + " findings and recommendations about kernel messages from before the demo were not shown");
      }
      restore(repro);
      if (!done) {
        out.println("demo: no recommendation named netns " + netns + " before the deadline");
        return 1;
      }
      if (!shipOnly) {
        // the sink rewrites the page at most every 2 s: wait for the one that lists the namespace
        awaitFiles(host, "data-netns=\"" + netns + "\"", until.plusSeconds(20));
      }
      return 0;
    } finally {
      restore(repro);
    }
  }

  private void restore(RealKernelReproduction repro) {
    String old = repro.oldMax();
    repro.restore();
    if (old != null) {
      step("nf_conntrack_max restored to " + RealKernelReproduction.currentMax() + "; namespace "
          + repro.namespace() + " deleted");
    }
  }

  /**
   * Polls the output topics and prints what arrives until {@code done} or {@code until}; {@code eachPoll} runs
   * before every poll.
   */
  private void watch(KafkaConsumer<byte[], byte[]> watcher, Instant until, BooleanSupplier done,
      ThrowingRunnable eachPoll) throws Exception {
    Topics topics = Topics.defaults();
    watcher.subscribe(List.of(topics.findings().name(), topics.recommendations().name()));
    while (Instant.now().isBefore(until)) {
      eachPoll.run();
      for (ConsumerRecord<byte[], byte[]> r : watcher.poll(Duration.ofMillis(200))) {
        show(topics, r);
      }
      if (done.getAsBoolean()) {
        return;
      }
    }
  }

  private boolean simulatedDone() {
    Recommendation r = latest.get("docker-web-1");
    boolean burstClosed = bursts.stream().anyMatch(b -> b.host().equals("docker-web-1") && b.closed());
    return burstClosed && r != null && r.severity() == Severity.CRITICAL
        && r.recommended().getOrDefault("net.netfilter.nf_conntrack_max", 0L) > 200
        && latest.containsKey("api-gw-2") && latest.containsKey("db-1");
  }

  /** A burst in the namespace, and advice whose top namespaces show it full. */
  private boolean realKernelDone(String host, long netns) {
    Recommendation r = latest.get(host);
    return bursts.stream().anyMatch(b -> b.host().equals(host) && Long.valueOf(netns).equals(b.netns()))
        && r != null && r.topNamespaces() != null && r.topNamespaces().stream()
            .anyMatch(t -> t.netns() == netns && t.count() >= RealKernelReproduction.LIMIT);
  }

  /** Starts a broker (or takes the given cluster) and, unless {@code shipOnly}, Streams and the sink. */
  private String startPipeline(Instant until) throws Exception {
    String bootstrap = externalBootstrap;
    if (bootstrap != null) {
      step("using the Kafka cluster at " + bootstrap);
    } else {
      step("starting a real Kafka broker (KRaft, single node) ...");
      EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.builder().dataDir(workDir.resolve("kafka")).build();
      toClose.add(broker);
      broker.start();
      bootstrap = broker.bootstrapServers();
      step("broker ready: bootstrap.servers=" + bootstrap);
    }
    if (!shipOnly) {
      startStreams(bootstrap, until);
      startSink(bootstrap);
    }
    return bootstrap;
  }

  private void startStreams(String bootstrap, Instant until) throws Exception {
    Map<String, String> flags = new LinkedHashMap<>();
    flags.put(StreamsSettings.BOOTSTRAP_SERVERS, bootstrap);
    flags.put(StreamsSettings.APPLICATION_ID, "conntrack-advisor-demo");
    flags.put(StreamsSettings.STATE_DIR, workDir.resolve("streams").toString());
    flags.put(StreamsSettings.METRICS_PORT, "-1");
    flags.put(StreamsSettings.TOPIC_PARTITIONS, "1");
    flags.put(StreamsSettings.BURST_GAP, "5s");
    flags.put(StreamsSettings.BURST_UPDATE_INTERVAL, "2s");
    flags.put("punctuate.interval", "1s");
    flags.put("grace.period", "1s");
    flags.put("kafka.commit.interval.ms", "200");
    StreamsApp streams = new StreamsApp(Settings.load(StreamsSettings.CONFIG, null, Map.of(), flags));
    toClose.add(streams);
    streams.start();
    while (streams.state() != KafkaStreams.State.RUNNING && Instant.now().isBefore(until)) {
      Thread.sleep(100);
    }
    step("topics ready; Streams application " + streams.state());
  }

  private void startSink(String bootstrap) throws IOException {
    Map<String, String> flags = new LinkedHashMap<>();
    flags.put(Settings.BOOTSTRAP_SERVERS, bootstrap);
    flags.put(SinkSettings.OUT_DIR, outDir.toString());
    flags.put(SinkSettings.REPORT, "true");
    flags.put(SinkSettings.GROUP_ID, "conntrack-advisor-demo-sink");
    flags.put(SinkSettings.HTTP_PORT, Integer.toString(httpPort));
    SinkApp sink = new SinkApp(Settings.load(SinkSettings.CONFIG, null, Map.of(), flags));
    toClose.add(sink);
    background("sink", sink::run);
    dashboardUrl = sink.dashboardUrl();
    step("sink writing drop-ins and the report to " + outDir);
    step("live dashboard: " + dashboardUrl + " (open it in a browser; it updates as the hosts report)");
  }

  /** What every agent of the demo shares: no journal, a sample a second, its state in {@code ship/<stateName>}. */
  private Map<String, String> shipFlags(String bootstrap, String stateName) {
    Map<String, String> flags = new LinkedHashMap<>();
    flags.put(Settings.BOOTSTRAP_SERVERS, bootstrap);
    flags.put(ShipSettings.JOURNALD, "false");
    flags.put(ShipSettings.SAMPLE_INTERVAL, "1s");
    flags.put(ShipSettings.STATE_DIR, workDir.resolve("ship").resolve(stateName).toString());
    flags.put(ShipSettings.BATCH_LINGER, "50ms");
    flags.put(ShipSettings.BATCH_LINGER_SAMPLES, "0s"); // the demo's dashboard shows each sample as it is taken
    return flags;
  }

  private ShipAgent startShip(String name, Map<String, String> flags) throws IOException {
    ShipAgent agent = new ShipAgent(Settings.load(ShipSettings.CONFIG, null, Map.of(), flags));
    toClose.add(agent);
    background(name, agent::run);
    return agent;
  }

  private void show(Topics topics, ConsumerRecord<byte[], byte[]> r) {
    if (r.value() == null) {
      return;
    }
    if (r.topic().equals(topics.findings().name())) {
      Finding f = topics.findings().valueSerde().deserializer().deserialize(r.topic(), r.value());
      if (f instanceof BurstFinding b) {
        bursts.add(b);
      }
      if (f.eventTime().isBefore(showFrom)) {
        hidden++;
        return;
      }
      out.println("finding: " + TextReport.line(f).replaceAll(" {2,}", " "));
    } else {
      Recommendation rec = topics.recommendations().valueSerde().deserializer().deserialize(r.topic(), r.value());
      latest.put(rec.host(), rec);
      if (rec.timestamp().isBefore(showFrom)) {
        hidden++;
        return;
      }
      out.println();
      out.print("recommendation: " + TextReport.recommendation(rec));
      if (rec.topNamespaces() != null && !rec.topNamespaces().isEmpty()) {
        out.println("   top namespaces:");
        for (TopNamespace t : rec.topNamespaces()) {
          out.println(String.format(Locale.ROOT, "     netns %d (%s): %d entries, %.0f %% of nf_conntrack_max",
              t.netns(), t.owner(), t.count(), t.share() * 100));
        }
      }
      out.println();
    }
  }

  /** Waits for the host's drop-in and the report (one containing {@code reportShows}, when given). */
  private void awaitFiles(String host, String reportShows, Instant until)
      throws InterruptedException, IOException {
    Path dropIn = outDir.resolve(host).resolve("90-conntrack-advisor.conf");
    Path report = outDir.resolve("index.html");
    while (!(Files.exists(dropIn) && shows(report, reportShows)) && Instant.now().isBefore(until)) {
      Thread.sleep(200);
    }
    String label = "drop-in for " + host + ": ";
    out.println(label + dropIn + (Files.exists(dropIn) ? "" : " (not written yet)"));
    out.println(String.format(Locale.ROOT, "%-" + label.length() + "s", "HTML report:") + report
        + (Files.exists(report) ? "" : " (not written yet)"));
  }

  private static boolean shows(Path report, String text) throws IOException {
    return Files.exists(report) && (text == null || Files.readString(report).contains(text));
  }

  private KafkaConsumer<byte[], byte[]> watcher(String bootstrap) {
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(ConsumerConfig.GROUP_ID_CONFIG, "conntrack-advisor-demo-watch-" + System.nanoTime());
    p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    return new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer());
  }

  /** Runs a blocking component on a thread of its own. */
  private void background(String name, ThrowingRunnable body) {
    Thread t = new Thread(() -> {
      try {
        body.run();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } catch (Exception e) {
        out.println("demo: " + name + " failed: " + e);
      }
    }, name);
    t.setDaemon(true);
    threads.add(t);
    t.start();
  }

  private void step(String text) {
    out.println("==> " + text);
  }

  /** Stops everything in reverse order of start. */
  @Override
  public void close() {
    if (!closing.compareAndSet(false, true)) {
      return;
    }
    try {
      for (int i = toClose.size() - 1; i >= 0; i--) {
        try {
          toClose.get(i).close();
        } catch (Exception e) {
          out.println("demo: closing " + toClose.get(i).getClass().getSimpleName() + ": " + e);
        }
      }
      for (Thread t : threads) {
        try {
          t.join(10_000);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
    } finally {
      closed.countDown();
    }
  }

  /** A blocking body that may throw. */
  @FunctionalInterface
  interface ThrowingRunnable {
    void run() throws Exception;
  }
}
