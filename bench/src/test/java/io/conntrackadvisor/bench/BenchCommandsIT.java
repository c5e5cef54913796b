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
 * The benchmark commands of BENCHMARKS.md run end to end at a tiny scale: a broker in a child JVM, the agent, Kafka's
 * ProducerPerformance, the agent in its own JVM next to rsyslogd, both Streams topologies and the latency probes.
 * The figures are not asserted (this is no benchmark), only that each step ran and printed its result.
 */
class BenchCommandsIT {
  @TempDir
  Path dir;

  @Test
  void shouldRunTheShippingBenchAgainstProducerPerformance() {
    String out = run("bench-ship", "--lines", "3000", "--work-dir", dir.toString());

    assertThat(out).contains("ship: 3000 lines in ").containsPattern("pp-plain: 3000 records sent, [0-9.]+ records/sec")
        .containsPattern("ship / ProducerPerformance: [0-9.]+ \\(default producer\\)");
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
        .containsPattern("\\| installed on the host \\| [0-9]+ MB \\| [0-9]+ MB \\|");
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
