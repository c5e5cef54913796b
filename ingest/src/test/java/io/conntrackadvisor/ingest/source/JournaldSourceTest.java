package io.conntrackadvisor.ingest.source;

import io.conntrackadvisor.ingest.ShipMetrics;
import io.conntrackadvisor.ingest.SourceHarness;
import io.conntrackadvisor.ingest.TestRecords;
import io.conntrackadvisor.ingest.delivery.Checkpoint;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The journald source against a script that stands in for journalctl: it prints two entries per run (export
 * format) and exits with an error, and answers cursor probes (rejecting the cursor {@code bogus} as journalctl
 * rejects a malformed one). Every call's arguments are logged, so the test sees how journalctl was restarted.
 */
class JournaldSourceTest {
  private static final String SCRIPT = """
      #!/bin/sh
      dir=$(dirname "$0")
      echo "$*" >> "$dir/calls.log"
      for a in "$@"; do
        case "$a" in --cursor=*) cursor="${a#--cursor=}";; esac
      done
      case "$*" in
        *--lines=1*)
          if [ "$cursor" = bogus ]; then echo "Failed to seek to cursor: Invalid argument" >&2; exit 1; fi
          printf '{"__CURSOR":"%s","_TRANSPORT":"kernel"}\\n' "$cursor"
          exit 0;;
      esac
      n=$(cat "$dir/runs" 2>/dev/null || echo 0); n=$((n+1)); echo $n > "$dir/runs"
      for i in 1 2; do
        printf '__CURSOR=c%s-%s\\n__REALTIME_TIMESTAMP=1772439290000000\\n_TRANSPORT=kernel\\n_HOSTNAME=node-1\\n\
      MESSAGE=run %s entry %s\\n\\n' $n $i $n $i
      done
      echo "simulated failure" >&2
      exit 1
      """;

  @TempDir
  Path dir;

  private SourceHarness harness;

  @AfterEach
  void close() {
    harness.close();
  }

  private Path fakeJournalctl() throws IOException {
    Path script = dir.resolve("journalctl");
    Files.writeString(script, SCRIPT, StandardCharsets.UTF_8);
    Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
    return script;
  }

  private void start(Checkpoint resume) throws IOException {
    harness = new SourceHarness(100);
    JournalctlCommand command = new JournalctlCommand(fakeJournalctl().toString(), List.of(), null, false);
    JournalEntryDecoder decoder = new JournalEntryDecoder("agent", false, 1000, TestRecords.FACTORY,
        harness.metrics);
    harness.start(new JournaldSource(command, decoder, harness.outbox, harness.metrics, Duration.ofMillis(20),
        Duration.ofMillis(200)), resume);
  }

  private List<String> calls() throws IOException {
    return Files.readAllLines(dir.resolve("calls.log"));
  }

  @Test
  void shouldRestartAnExitedJournalctlAfterTheLastEntryItPrinted() throws Exception {
    start(null);

    assertThat(harness.texts(6)).startsWith("run 1 entry 1", "run 1 entry 2", "run 2 entry 1", "run 2 entry 2",
        "run 3 entry 1", "run 3 entry 2");

    List<String> calls = calls();
    assertThat(calls.get(0)).doesNotContain("cursor").endsWith("--follow --no-tail _TRANSPORT=kernel");
    assertThat(calls.get(1)).endsWith("--cursor=c1-2 --lines=1");
    assertThat(calls.get(2)).contains("--after-cursor=c1-2");
    assertThat(calls.get(4)).contains("--after-cursor=c2-2");
    assertThat(harness.metrics.get(ShipMetrics.Counter.RESTARTS, "journald")).isGreaterThanOrEqualTo(2);
    assertThat(harness.metrics.get(ShipMetrics.Counter.CURSOR_FALLBACKS, "journald")).isZero();
  }

  @Test
  void shouldFallBackToTheJournalStartOnceWhenJournalctlRejectsTheCheckpointedCursor() throws Exception {
    start(Checkpoint.journal("journald", "bogus", java.time.Instant.EPOCH));

    assertThat(harness.texts(4)).startsWith("run 1 entry 1", "run 1 entry 2", "run 2 entry 1");

    List<String> calls = calls();
    assertThat(calls.get(0)).endsWith("--cursor=bogus --lines=1");
    assertThat(calls.get(1)).doesNotContain("cursor");
    assertThat(calls.get(3)).contains("--after-cursor=c1-2");
    assertThat(harness.metrics.get(ShipMetrics.Counter.CURSOR_FALLBACKS, "journald")).isEqualTo(1);
  }

  @Test
  void shouldCountAJournalctlThatCannotBeStartedAndKeepTrying() throws Exception {
    harness = new SourceHarness(100);
    JournalctlCommand command = new JournalctlCommand(dir.resolve("missing").toString(), List.of(), null, false);
    harness.start(new JournaldSource(command, new JournalEntryDecoder("agent", false, 1000, TestRecords.FACTORY,
        harness.metrics), harness.outbox, harness.metrics, Duration.ofMillis(10), Duration.ofMillis(20)), null);

    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (harness.metrics.get(ShipMetrics.Counter.SOURCE_ERRORS, "journald") < 3 && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }

    assertThat(harness.metrics.get(ShipMetrics.Counter.SOURCE_ERRORS, "journald")).isGreaterThanOrEqualTo(3);
  }
}
