package io.conntrackadvisor.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The benchmark commands of BENCHMARKS.md run end to end at a tiny scale: a broker in a child JVM, the agent, Kafka's
 * ProducerPerformance, both Streams topologies and the latency probes, a JMH benchmark in its forked JVM. The figures are not asserted (this is no
 * benchmark), only that each step ran and printed its result.
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
