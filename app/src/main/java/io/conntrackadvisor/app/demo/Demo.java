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
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.streams.KafkaStreams;

/**
 * The whole pipeline in one process: a real Kafka broker (or the one given), the Streams application, the sink
 * and one real {@code ship} agent per simulated host, which tails the host's syslog file and samples its proc
 * folder. Prints progress, every finding and every recommendation as it arrives; ends by itself.
 */
public final class Demo implements AutoCloseable {
  private final Path workDir;
  private final PrintStream out;
  private final String externalBootstrap;
  private final List<AutoCloseable> toClose = new ArrayList<>();
  private final List<Thread> threads = new ArrayList<>();
  private final Map<String, Recommendation> latest = new LinkedHashMap<>();
  private final boolean shipOnly;
  private boolean dockerBurstClosed;

  public Demo(Path workDir, String externalBootstrap, PrintStream out) {
    this(workDir, externalBootstrap, false, out);
  }

  /**
   * A demo; with {@code shipOnly} it runs only the simulated hosts and their agents, for a cluster where the
   * Streams application and the sink already run (the compose {@code demo} profile).
   */
  public Demo(Path workDir, String externalBootstrap, boolean shipOnly, PrintStream out) {
    this.workDir = workDir;
    this.externalBootstrap = externalBootstrap;
    this.shipOnly = shipOnly;
    this.out = out;
  }

  /** Runs the scenario; returns 0 when the overloaded host got its recommendation in time, 1 otherwise. */
  public int run(Duration deadline, boolean follow) throws Exception {
    Instant until = Instant.now().plus(deadline);
    String bootstrap = startBroker();
    Scenario scenario = new Scenario(workDir);
    Path outDir = workDir.resolve("out");
    if (!shipOnly) {
      startStreams(bootstrap, until);
      startSink(bootstrap, outDir);
    }
    for (SimulatedHost h : scenario.hosts()) {
      startShip(bootstrap, h);
    }
    step("ship agents tailing " + workDir.resolve("logs") + " and sampling " + workDir.resolve("proc")
        + " every second");
    try (KafkaConsumer<byte[], byte[]> watcher = watcher(bootstrap)) {
      Topics topics = Topics.defaults();
      watcher.subscribe(List.of(topics.findings().name(), topics.recommendations().name()));
      int tick = 0;
      Instant nextTick = Instant.now();
      while (Instant.now().isBefore(until)) {
        if (tick <= Scenario.SECONDS && !Instant.now().isBefore(nextTick)) {
          if (tick == 2) {
            step("load starts on docker-web-1: ab -c 300 -n 1000 against a table limited to 200 entries");
          }
          scenario.tick(tick++);
          nextTick = nextTick.plusSeconds(1);
        }
        for (ConsumerRecord<byte[], byte[]> r : watcher.poll(Duration.ofMillis(200))) {
          show(topics, r);
        }
        if (!follow && tick > Scenario.SECONDS && done()) {
          break;
        }
      }
    }
    if (!done()) {
      out.println("demo: the overloaded host did not get its recommendation before the deadline");
      return 1;
    }
    if (!shipOnly) {
      awaitFiles(outDir, until.plusSeconds(20));
    }
    return 0;
  }

  private boolean done() {
    Recommendation r = latest.get("docker-web-1");
    return dockerBurstClosed && r != null && r.severity() == Severity.CRITICAL
        && r.recommended().getOrDefault("net.netfilter.nf_conntrack_max", 0L) > 200
        && latest.containsKey("api-gw-2") && latest.containsKey("db-1");
  }

  private String startBroker() throws Exception {
    if (externalBootstrap != null) {
      step("using the Kafka cluster at " + externalBootstrap);
      return externalBootstrap;
    }
    step("starting a real Kafka broker (KRaft, single node) ...");
    EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.builder().dataDir(workDir.resolve("kafka")).build();
    toClose.add(broker);
    broker.start();
    step("broker ready: bootstrap.servers=" + broker.bootstrapServers());
    return broker.bootstrapServers();
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
    StreamsApp streams = new StreamsApp(StreamsSettings.load(null, Map.of(), flags));
    toClose.add(streams);
    streams.start();
    while (streams.state() != KafkaStreams.State.RUNNING && Instant.now().isBefore(until)) {
      Thread.sleep(100);
    }
    step("topics ready; Streams application " + streams.state());
  }

  private void startSink(String bootstrap, Path outDir) throws IOException {
    Map<String, String> flags = new LinkedHashMap<>();
    flags.put(Settings.BOOTSTRAP_SERVERS, bootstrap);
    flags.put(SinkSettings.OUT_DIR, outDir.toString());
    flags.put(SinkSettings.REPORT, "true");
    flags.put(SinkSettings.GROUP_ID, "conntrack-advisor-demo-sink");
    SinkApp sink = new SinkApp(Settings.load(SinkSettings.DEFAULTS, null, Map.of(), List.of(), flags));
    toClose.add(sink);
    background("sink", sink::run);
    step("sink writing drop-ins and the report to " + outDir);
  }

  private void startShip(String bootstrap, SimulatedHost h) throws IOException {
    Map<String, String> flags = new LinkedHashMap<>();
    flags.put(Settings.BOOTSTRAP_SERVERS, bootstrap);
    flags.put(ShipSettings.HOST, h.name);
    flags.put(ShipSettings.PROC_ROOT, h.procRoot.toString());
    flags.put(ShipSettings.SYSLOG_FILES, h.syslog.toString());
    flags.put(ShipSettings.JOURNALD, "false");
    flags.put(ShipSettings.SAMPLE_INTERVAL, "1s");
    flags.put(ShipSettings.STATE_DIR, workDir.resolve("ship").resolve(h.name).toString());
    flags.put(ShipSettings.BATCH_LINGER, "50ms");
    ShipAgent agent = new ShipAgent(Settings.load(ShipSettings.DEFAULTS, null, Map.of(), List.of(), flags));
    toClose.add(agent);
    background("ship-" + h.name, agent::run);
  }

  private void show(Topics topics, ConsumerRecord<byte[], byte[]> r) {
    if (r.value() == null) {
      return;
    }
    if (r.topic().equals(topics.findings().name())) {
      Finding f = topics.findings().valueSerde().deserializer().deserialize(r.topic(), r.value());
      out.println("finding: " + TextReport.line(f).replaceAll(" {2,}", " "));
      if (f instanceof BurstFinding b && b.host().equals("docker-web-1") && b.closed()) {
        dockerBurstClosed = true;
      }
    } else {
      Recommendation rec = topics.recommendations().valueSerde().deserializer().deserialize(r.topic(), r.value());
      latest.put(rec.host(), rec);
      out.println();
      out.print("recommendation: " + TextReport.recommendation(rec));
      out.println();
    }
  }

  private void awaitFiles(Path outDir, Instant until) throws InterruptedException {
    Path dropIn = outDir.resolve("docker-web-1").resolve("90-conntrack-advisor.conf");
    Path report = outDir.resolve("index.html");
    while ((!Files.exists(dropIn) || !Files.exists(report)) && Instant.now().isBefore(until)) {
      Thread.sleep(200);
    }
    out.println("drop-in for docker-web-1: " + dropIn + (Files.exists(dropIn) ? "" : " (not written yet)"));
    out.println("HTML report:             " + report + (Files.exists(report) ? "" : " (not written yet)"));
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
  }

  /** A blocking body that may throw. */
  @FunctionalInterface
  interface ThrowingRunnable {
    void run() throws Exception;
  }
}
