package io.conntrackadvisor.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code bench-ship}: the agent ({@code ship}, default settings, a JVM of its own) beside the shippers people run
 * today, on the same lines and the same fresh broker (a child JVM), in one run: rsyslog's {@code imfile},
 * {@code imudp} and {@code imtcp} into {@code omkafka}, and {@code journalctl -o json} into /dev/null as the journal
 * source's reference (and {@code -o export}, the format {@code ship} reads, beside it). Each shipper's topic is read
 * back with {@code read_committed}: lines lost and duplicated.
 */
@Command(name = "bench-ship", mixinStandardHelpOptions = true,
    description = "Measures ship against rsyslog (imfile, imudp, imtcp -> omkafka) and journalctl, side by side.")
public final class BenchShipCommand implements Callable<Integer> {
  @Option(names = "--lines", defaultValue = "1000000", description = "Lines of the file and the journal "
      + "(default ${DEFAULT-VALUE}).")
  int lines;

  @Option(names = "--net-lines", defaultValue = "200000", description = "Lines sent over UDP and TCP "
      + "(default ${DEFAULT-VALUE}).")
  int netLines;

  @Option(names = "--udp-rate", defaultValue = "20000", description = "Datagrams per second sent to each UDP "
      + "receiver (default ${DEFAULT-VALUE}).")
  int udpRate;

  @Option(names = "--repeat", defaultValue = "3", description = "Runs of the file pair, alternating which goes "
      + "first (default ${DEFAULT-VALUE}); the table gives each and their median.")
  int repeat;

  @Option(names = "--inputs", split = ",", defaultValue = "file,journal,udp,tcp",
      description = "Which comparisons to run (default ${DEFAULT-VALUE}).")
  List<String> inputs;

  @Option(names = "--agent-setting", paramLabel = "KEY=VALUE",
      description = "An agent setting for every run of ship (ship's keys, e.g. batch.max.records=2000); repeatable.")
  Map<String, String> agentSettings = new HashMap<>();

  @Option(names = "--agent-jvm-option", paramLabel = "OPTION",
      description = "A JVM option for the agent's JVM (e.g. a flight recording); repeatable.")
  List<String> agentJvm = new ArrayList<>();

  @Option(names = "--work-dir", description = "Where the log, the broker and the shippers' state go (default: a "
      + "temp dir).")
  Path workDir;

  @Override
  public Integer call() throws Exception {
    if (!RsyslogProcess.installed()) {
      System.err.println("bench-ship needs rsyslogd and omkafka: apt-get install rsyslog rsyslog-kafka");
      return 2;
    }
    try (WorkDir work = WorkDir.of(workDir, "cta-bench-ship-")) {
      return run(work.path());
    }
  }

  private int run(Path dir) throws Exception {
    System.out.printf(Locale.ROOT, "machine: %d cores, load average %.2f%n", Runtime.getRuntime().availableProcessors(),
        java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    List<ShipRow> rows = new ArrayList<>();
    try (BenchBroker broker = BenchBroker.start(dir, List.of("-Xmx1g"))) {
      ShipRuns runs = new ShipRuns(broker.bootstrapServers(), dir, agentSettings, agentJvm);
      if (inputs.contains("file")) {
        rows.addAll(fileRuns(runs, dir));
      }
      if (inputs.contains("journal")) {
        rows.addAll(journalRuns(runs, dir));
      }
      BenchLines net = BenchLines.of(netLines);
      if (inputs.contains("udp")) {
        rows.add(runs.udp("ship --syslog-udp", net, udpRate, false));
        rows.add(runs.udp("rsyslog imudp -> omkafka", net, udpRate, true));
      }
      if (inputs.contains("tcp")) {
        rows.add(runs.tcp("ship --syslog-tcp", net, false));
        rows.add(runs.tcp("rsyslog imtcp -> omkafka", net, true));
      }
    }
    ShipRow.printTable(rows);
    return 0;
  }

  private List<ShipRow> fileRuns(ShipRuns runs, Path dir) throws Exception {
    BenchLines all = BenchLines.of(lines);
    Path log = dir.resolve("kern.log");
    long bytes = all.writeFile(log);
    System.out.printf(Locale.ROOT, "file: %s, %d kernel lines, %d bytes%n", log, lines, bytes);
    List<ShipRow> rows = new ArrayList<>();
    List<Double> ratios = new ArrayList<>();
    for (int r = 1; r <= repeat; r++) {
      ShipRow ship = null;
      ShipRow rsyslog = null;
      for (int k = 0; k < 2; k++) {
        if ((k == 0) == (r % 2 == 1)) {
          ship = runs.file("ship --syslog-file (run " + r + ")", all, log, false);
          rows.add(ship);
        } else {
          rsyslog = runs.file("rsyslog imfile -> omkafka (run " + r + ")", all, log, true);
          rows.add(rsyslog);
        }
      }
      ratios.add(ship.linesPerSecond() / rsyslog.linesPerSecond());
    }
    ratios.sort(null);
    System.out.printf(Locale.ROOT, "file: ship / rsyslog lines/s, each run: %s; median %.2f%n",
        ratios.stream().map(d -> String.format(Locale.ROOT, "%.2f", d)).toList(), ratios.get(ratios.size() / 2));
    return rows;
  }

  private List<ShipRow> journalRuns(ShipRuns runs, Path dir) throws Exception {
    if (!BenchJournal.installed()) {
      System.out.println("journal: skipped, systemd-journal-remote is not installed");
      return List.of();
    }
    BenchLines all = BenchLines.of(lines);
    Path journal = BenchJournal.write(all, dir.resolve("journal"));
    System.out.printf(Locale.ROOT, "journal: %s, %d kernel entries, %d bytes%n", journal, lines,
        Files.size(journal.resolve("bench.journal")));
    ShipRow ceiling = journalctl(journal, "json");
    // what ship itself runs: journalctl's own rate in that format, for comparison
    ShipRow export = journalctl(journal, "export");
    ShipRow ship = runs.journal("ship --journal-directory", all, journal);
    System.out.printf(Locale.ROOT, "journal: ship / journalctl -o json lines/s: %.2f (ship / journalctl -o export: "
        + "%.2f)%n", ship.linesPerSecond() / ceiling.linesPerSecond(),
        ship.linesPerSecond() / export.linesPerSecond());
    return List.of(ceiling, export, ship);
  }

  private ShipRow journalctl(Path journal, String output) throws IOException, InterruptedException {
    double[] jc = BenchJournal.readAll(journal, output);
    ShipRow row = new ShipRow("journalctl -o " + output + " > /dev/null", lines, lines / jc[0], 0, 0, 0, 0,
        jc[1] / lines * 1e6, (long) jc[2]);
    System.out.println(row.line());
    return row;
  }

  /** The default wait for a shipper's first line. */
  static final Duration FIRST_LINE = Duration.ofMinutes(2);
}
