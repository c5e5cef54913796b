package io.conntrackadvisor.bench;

import io.conntrackadvisor.model.TopicSetup;
import io.conntrackadvisor.model.Topics;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code bench-fleet}: N agents against one broker. For each N, a fresh broker (a child JVM) and N real agents in
 * child JVMs ({@link FleetAgents}), each a transactional producer with its own host name and transactional id,
 * sampling every 10 s, a tenth of them also shipping a burst of table-full lines every 10 s. Once all run, a
 * {@code read_committed} consumer watches for {@code --seconds}: the time from each record's send (its create time)
 * until it is visible, which is at least its transaction's commit; the broker's CPU per agent; and, after the agents
 * stopped, records lost or repeated against the agents' own count of acknowledged records.
 */
@Command(name = "bench-fleet", mixinStandardHelpOptions = true,
    description = "Measures what N transactional agents cost one broker, and their commit latency.")
public final class BenchFleetCommand implements Callable<Integer> {
  private static final int IDLE_SECONDS = 10;

  @Option(names = "--agents", split = ",", defaultValue = "100,500,1000",
      description = "Fleet sizes to run, each on a fresh broker (default ${DEFAULT-VALUE}).")
  List<Integer> sizes;

  @Option(names = "--per-jvm", defaultValue = "250", description = "Agents per child JVM (default ${DEFAULT-VALUE}).")
  int perJvm;

  @Option(names = "--seconds", defaultValue = "60", description = "Measured window once all agents run "
      + "(default ${DEFAULT-VALUE}).")
  int seconds;

  @Option(names = "--spread", defaultValue = "30", description = "Seconds over which each JVM starts its agents "
      + "(default ${DEFAULT-VALUE}).")
  int spread;

  @Option(names = "--agent-setting", paramLabel = "KEY=VALUE",
      description = "An agent setting for every agent (ship's keys, e.g. batch.linger.samples=0s); repeatable.")
  Map<String, String> agentSettings = new HashMap<>();

  @Option(names = "--work-dir", description = "Where brokers and agents keep their data (default: a temp dir).")
  Path workDir;

  @Override
  public Integer call() throws Exception {
    try (WorkDir work = WorkDir.of(workDir, "cta-bench-fleet-")) {
      System.out.printf(Locale.ROOT, "machine: %d cores, load average %.2f%n",
          Runtime.getRuntime().availableProcessors(),
          java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
      List<FleetRow> rows = new ArrayList<>();
      for (int n : sizes) {
        FleetRow row = run(work.path().resolve("n" + n), n);
        System.out.println(row.line());
        rows.add(row);
      }
      FleetRow.printTable(rows);
    }
    return 0;
  }

  private FleetRow run(Path dir, int n) throws Exception {
    Files.createDirectories(dir);
    String prefix = "fleet.";
    Topics topics = Topics.withPrefix(prefix);
    try (BenchBroker broker = BenchBroker.start(dir, List.of("-Xmx1g"))) {
      String bootstrap = broker.bootstrapServers();
      try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
        TopicSetup.create(admin, List.of(topics.kernelMessages(), topics.conntrackSamples(),
            topics.shipCheckpoints()), TopicSetup.Layout.BROKER_DEFAULTS);
      }
      List<ChildJvm> jvms = new ArrayList<>();
      List<Path> totals = new ArrayList<>();
      try (FleetWatch watch = FleetWatch.start(bootstrap, List.of(topics.kernelMessages().name(),
          topics.conntrackSamples().name()))) {
        // the broker's own cost with no agent (controller, the watching consumer): what the agents add is the rest
        Duration idle0 = broker.cpu();
        Thread.sleep(IDLE_SECONDS * 1000L);
        double idle = (broker.cpu().minus(idle0).toNanos() / 1e9) / IDLE_SECONDS;
        try {
          long t0 = System.nanoTime();
          for (int first = 0; first < n; first += perJvm) {
            int count = Math.min(perJvm, n - first);
            Path total = dir.resolve("totals-" + first);
            totals.add(total);
            List<String> args = new ArrayList<>(List.of(bootstrap, prefix, dir.toString(), String.valueOf(first),
                String.valueOf(count), String.valueOf(spread), total.toString()));
            agentSettings.forEach((k, v) -> args.add(k + "=" + v));
            jvms.add(ChildJvm.start(List.of("-Xss256k", "-Xmx1g"), FleetAgents.class.getName(), args,
                dir.resolve("agents-" + first + ".log")));
          }
          for (ChildJvm j : jvms) {
            j.awaitLine(FleetAgents.READY::equals);
          }
          System.out.printf(Locale.ROOT, "%d agents running after %.1f s%n", n, (System.nanoTime() - t0) / 1e9);
          Duration cpu0 = broker.cpu();
          watch.window(true);
          Thread.sleep(seconds * 1000L);
          watch.window(false);
          double brokerCpu = (broker.cpu().minus(cpu0).toNanos() / 1e9) / seconds;
          closeAll(jvms);
          FleetWatch.Result r = watch.drain();
          long[] sum = totals(totals);
          return new FleetRow(n, jvms.size(), brokerCpu, idle, r.p50Millis(), r.p99Millis(), r.maxMillis(),
              r.windowRecords() / (double) seconds, sum[0], r.distinct(), r.records() - r.distinct(),
              Math.max(0, sum[0] - r.distinct()), sum[2]);
        } finally {
          closeAll(jvms);
        }
      }
    }
  }

  private static void closeAll(List<ChildJvm> jvms) throws InterruptedException {
    for (ChildJvm j : jvms) {
      j.close();
    }
  }

  /** Acknowledged records, transactions and dropped records summed over the JVMs' totals files. */
  private static long[] totals(List<Path> files) throws java.io.IOException {
    long[] sum = new long[3];
    for (Path f : files) {
      if (!Files.exists(f)) {
        throw new IllegalStateException("an agent JVM wrote no totals: " + f);
      }
      String[] v = Files.readString(f, StandardCharsets.UTF_8).trim().split(" ");
      for (int i = 0; i < 3; i++) {
        sum[i] += Long.parseLong(v[i]);
      }
    }
    return sum;
  }
}
