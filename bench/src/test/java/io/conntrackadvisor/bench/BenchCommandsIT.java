package io.conntrackadvisor.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The benchmark commands of BENCHMARKS.md run end to end at a tiny scale: a broker in a child JVM, the agent next to
 * rsyslogd and journalctl, a fleet of agents, the agent's footprint next to rsyslogd, both Streams topologies and the
 * latency probes, a JMH benchmark in its forked JVM. The figures are not asserted (this is no benchmark), only that
 * each step ran and printed its result.
 */
class BenchCommandsIT {
  @TempDir
  Path dir;

  @Test
  void shouldRunTheShippingBenchAgainstRsyslogAndJournalctl() {
    String out = run("bench-ship", "--lines", "3000", "--net-lines", "500", "--udp-rate", "1000", "--repeat", "1",
        "--work-dir", dir.toString());

    // every shipper delivered every line once (UDP may drop, which the table reports)
    assertThat(out)
        .containsPattern("ship --syslog-file \\(run 1\\): [0-9]+ lines/s, first line after [0-9.]+ s, lost 0, "
            + "duplicated 0,")
        .containsPattern("rsyslog imfile -> omkafka \\(run 1\\): [0-9]+ lines/s, .*lost 0, duplicated 0,")
        .containsPattern("file: ship / rsyslog lines/s, each run: \\[[0-9.]+\\]; median [0-9.]+")
        .containsPattern("journalctl -o json > /dev/null: [0-9]+ lines/s")
        .containsPattern("journalctl -o export > /dev/null: [0-9]+ lines/s")
        .containsPattern("ship --journal-directory: [0-9]+ lines/s, .*lost 0, duplicated 0,")
        .containsPattern("ship --syslog-udp \\(1000/s sent\\): [0-9]+ lines/s, .*duplicated 0,")
        .containsPattern("rsyslog imudp -> omkafka \\(1000/s sent\\): [0-9]+ lines/s, .*duplicated 0,")
        .containsPattern("ship --syslog-tcp: [0-9]+ lines/s, .*lost 0, duplicated 0,")
        .containsPattern("rsyslog imtcp -> omkafka: [0-9]+ lines/s, .*lost 0, duplicated 0,")
        .contains("| shipper, input | lines | lines/s |");
  }

  @Test
  void shouldRunTheFleetBenchWithAgentsInChildJvms() {
    String out = run("bench-fleet", "--agents", "4", "--per-jvm", "2", "--seconds", "5", "--spread", "1",
        "--work-dir", dir.toString());

    // the agents' first samples committed, and every acknowledged record was read back once
    assertThat(out).contains("4 agents running after ")
        .containsPattern("4 agents \\(2 JVMs\\): broker [0-9.]+ cores .*acknowledged [1-9][0-9]*, read back "
            + "[1-9][0-9]*, repeated 0, lost 0, dropped 0")
        .contains("| agents | broker CPU, cores (idle) |");
  }

  @Test
  void shouldRunTheAgentBenchAgainstRsyslogd() {
    assumeTrue(Files.isExecutable(Path.of("/usr/sbin/rsyslogd"))
        && Files.exists(Path.of("/usr/lib/x86_64-linux-gnu/rsyslog/omkafka.so")),
        "rsyslog and rsyslog-kafka are not installed (apt-get install rsyslog rsyslog-kafka; bin/test does)");
    String out = run("bench-agent", "--idle", "1s", "--idle-window", "1s", "--rate", "1000", "--burst", "1",
        "--nmt", "--work-dir", dir.toString());

    assertThat(out).containsPattern("ship: first record after [0-9]+ ms, idle [0-9]+ KiB / [0-9]+ threads, burst "
            + "peak [0-9]+ KiB / [0-9]+ threads, 1000 lines in Kafka")
        .containsPattern("rsyslogd: first record after [0-9]+ ms, idle [0-9]+ KiB")
        .containsPattern("- Java Heap \\(reserved=28672KB, committed=28672KB\\)")
        .containsPattern("\\| resident memory, idle \\| [0-9.]+ MB \\| [0-9.]+ MB \\|")
        .containsPattern("\\| installed on the host \\| [0-9]+ MB \\| [0-9]+ MB \\|")
        .containsPattern("the JVM alone \\(.*\\): [0-9.]+ MB, [0-9]+ threads")
        .containsPattern("the Kafka producer alone \\(.*\\): [0-9.]+ MB, [0-9]+ threads");
  }

  @Test
  void shouldRunTheStreamsBenchAgainstThePassThroughTopology() {
    String out = run("bench-streams", "--hosts", "40", "--rounds", "6", "--probes", "5", "--repeat", "1",
        "--work-dir", dir.toString());

    assertThat(out).contains("input: 240 records (40 hosts x 6")
        .containsPattern("run 1: pass-through, exactly_once_v2: [0-9]+ records/s")
        .containsPattern("run 1: state only, exactly_once_v2: [0-9]+ records/s")
        .containsPattern("run 1: parse, keep state, write one record, exactly_once_v2: [0-9]+ records/s")
        .containsPattern("run 1: advisor topology, exactly_once_v2: [0-9]+ records/s")
        .containsPattern("cold \\(run 1\\): pass-through [0-9]+ records/s, advisor [0-9]+ records/s, ratio [0-9.]+")
        .containsPattern("latency table-full line -> burst finding committed, 5 probes \\(of 5\\)");
  }

  @Test
  void shouldRunTheMicroBenchmarksInAForkedJvm() {
    String out = run("bench-micro", "--quick", "--include", "LineParserBench.indexOfTableFull");

    assertThat(out).containsPattern("busy host's state: hand codec [0-9]+ bytes, Smile [0-9]+, CBOR [0-9]+")
        .containsPattern("\\| LineParserBench.indexOfTableFull \\| line=rfc3164-kernel \\| [0-9.]+ \\|");
  }

  private static String run(String... args) {
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    PrintStream original = System.out;
    System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
    int rc;
    try {
      rc = BenchMain.commandLine().execute(args);
    } finally {
      System.setOut(original);
    }
    String out = captured.toString(StandardCharsets.UTF_8);
    original.print(out);
    assertThat(rc).as(out).isZero();
    return out;
  }
}
