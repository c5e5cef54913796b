package io.conntrackadvisor.bench;

import io.conntrackadvisor.ingest.ShipAgent;
import io.conntrackadvisor.ingest.ShipMetrics;
import io.conntrackadvisor.ingest.ShipSettings;
import io.conntrackadvisor.model.config.Settings;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * The agents of {@code bench-fleet} that one child JVM runs: real {@link ShipAgent}s, each with its own host name,
 * transactional id and state folder, sampling this machine's {@code /proc} every 10 s (the default); every tenth
 * also tails a syslog file of its own into which a burst of table-full lines is written every 10 s. Started one by
 * one over {@code spreadSeconds}; prints {@value #READY} when all run; on SIGTERM closes them and writes their
 * counters to {@code totals}.
 *
 * <p>Arguments: bootstrap, topic prefix, work folder, first agent number, agent count, spread seconds, totals file,
 * then any agent settings as KEY=VALUE.
 */
public final class FleetAgents {
  static final String READY = "fleet-agents-ready";
  private static final int BURST_LINES = 20;

  private FleetAgents() {
  }

  public static void main(String[] args) throws Exception {
    String bootstrap = args[0];
    String prefix = args[1];
    Path dir = Path.of(args[2]);
    int first = Integer.parseInt(args[3]);
    int count = Integer.parseInt(args[4]);
    double spread = Double.parseDouble(args[5]);
    Path totals = Path.of(args[6]);
    Map<String, String> extra = new HashMap<>();
    for (int i = 7; i < args.length; i++) {
      String[] kv = args[i].split("=", 2);
      extra.put(kv[0], kv[1]);
    }
    List<ShipAgent> agents = new ArrayList<>();
    List<Path> bursty = new ArrayList<>();
    Runtime.getRuntime().addShutdownHook(new Thread(() -> stop(agents, totals), "fleet-stop"));
    for (int i = first; i < first + count; i++) {
      String host = String.format(Locale.ROOT, "fleet-%05d", i);
      Path log = i % 10 == 0 ? dir.resolve("logs").resolve(host + ".log") : null;
      if (log != null) {
        Files.createDirectories(log.getParent());
        Files.writeString(log, "", StandardCharsets.UTF_8);
        bursty.add(log);
      }
      Map<String, String> settings = settings(bootstrap, prefix, dir, host, log);
      settings.putAll(extra);
      ShipAgent agent = new ShipAgent(Settings.of(settings));
      synchronized (agents) {
        agents.add(agent);
      }
      Thread t = new Thread(() -> {
        try {
          agent.run();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }, "fleet-" + host);
      t.setDaemon(true);
      t.start();
      Thread.sleep((long) (spread * 1000 / count));
    }
    for (ShipAgent a : agents) {
      if (!a.awaitRunning(java.time.Duration.ofMinutes(5))) {
        throw new IllegalStateException("an agent did not start: " + a.metrics().summary());
      }
    }
    System.out.println(READY);
    System.out.flush();
    burstForever(bursty);
  }

  private static Map<String, String> settings(String bootstrap, String prefix, Path dir, String host, Path log) {
    Map<String, String> m = new HashMap<>();
    m.put(Settings.BOOTSTRAP_SERVERS, bootstrap);
    m.put(Settings.TOPIC_PREFIX, prefix);
    m.put(ShipSettings.HOST, host);
    m.put(ShipSettings.STATE_DIR, dir.resolve("agents").resolve(host).toString());
    m.put(ShipSettings.JOURNALD, "false");
    m.put(ShipSettings.SAMPLER, "true");
    m.put(ShipSettings.PROC_ROOT, "/proc");
    m.put(ShipSettings.NAMESPACES, "false");
    m.put(ShipSettings.CREATE_TOPICS, "false");
    if (log != null) {
      m.put(ShipSettings.SYSLOG_FILES, log.toString());
    }
    return m;
  }

  /** Every 10 s, a burst of table-full lines into each bursty agent's file, spread over the 10 s. */
  private static void burstForever(List<Path> files) throws InterruptedException, IOException {
    long seq = 0;
    while (true) {
      for (Path f : files) {
        StringBuilder b = new StringBuilder();
        for (int k = 0; k < BURST_LINES; k++) {
          b.append(BenchLines.stamp(Instant.now().toEpochMilli() * 1000)).append(' ')
              .append(f.getFileName().toString().replace(".log", ""))
              .append(" kernel: nf_conntrack: table full, dropping packet seq=").append(seq++).append('\n');
        }
        try (OutputStream os = Files.newOutputStream(f, StandardOpenOption.APPEND)) {
          os.write(b.toString().getBytes(StandardCharsets.UTF_8));
        }
        Thread.sleep(Math.max(1, 10_000 / Math.max(1, files.size())));
      }
      if (files.isEmpty()) {
        Thread.sleep(10_000);
      }
    }
  }

  /** Closes every agent (in parallel: each delivers what it holds) and writes their summed counters. */
  private static void stop(List<ShipAgent> agents, Path totals) {
    List<ShipAgent> all;
    synchronized (agents) {
      all = new ArrayList<>(agents);
    }
    ExecutorService pool = Executors.newFixedThreadPool(16);
    for (ShipAgent a : all) {
      pool.execute(a::close);
    }
    pool.shutdown();
    try {
      pool.awaitTermination(2, TimeUnit.MINUTES);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    long acked = 0;
    long transactions = 0;
    long dropped = 0;
    for (ShipAgent a : all) {
      acked += a.metrics().total(ShipMetrics.Counter.ACKNOWLEDGED);
      transactions += a.metrics().total(ShipMetrics.Counter.TRANSACTIONS);
      dropped += a.metrics().total(ShipMetrics.Counter.DROPPED);
    }
    try {
      Files.writeString(totals, acked + " " + transactions + " " + dropped + "\n", StandardCharsets.UTF_8);
    } catch (IOException e) {
      System.err.println("cannot write " + totals + ": " + e);
    }
  }
}
