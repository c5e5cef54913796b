package io.conntrackadvisor.ingest.source;

import io.conntrackadvisor.ingest.LogFiles;
import io.conntrackadvisor.ingest.ShipMetrics;
import io.conntrackadvisor.ingest.SourceHarness;
import io.conntrackadvisor.ingest.TestRecords;
import io.conntrackadvisor.ingest.delivery.Checkpoint;
import io.conntrackadvisor.ingest.delivery.Outgoing;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileTailSourceTest {
  private static final Duration POLL = Duration.ofMillis(20);

  @TempDir
  Path dir;

  private final List<SourceHarness> harnesses = new ArrayList<>();

  @AfterEach
  void closeHarnesses() {
    for (SourceHarness h : harnesses) {
      h.close();
    }
  }

  private Path log() {
    return dir.resolve("kern.log");
  }

  private SourceHarness tail(Checkpoint resume) {
    SourceHarness h = new SourceHarness(1000);
    harnesses.add(h);
    LinePublisher p = new LinePublisher(FileTailSource.LABEL, "agent", 200, ZoneOffset.UTC, h.outbox,
        TestRecords.FACTORY, h.metrics);
    h.start(new FileTailSource(log(), POLL, 200, p, h.metrics), resume);
    return h;
  }

  /** Tails two lines of a four-line file, stops, and returns the checkpoint after the second. */
  private Checkpoint checkpointAfterSecondLine() throws Exception {
    LogFiles.append(log(), 0, 4);
    SourceHarness first = tail(null);
    Checkpoint cp = first.await(2, Duration.ofSeconds(10)).get(1).checkpoint();
    first.stop();
    return cp;
  }

  @Test
  void shouldShipCompleteLinesAndHoldBackAPartialLineUntilItsNewline() throws Exception {
    LogFiles.append(log(), 0, 3);
    Files.writeString(log(), "Mar  2 08:14:56 gw-1 kernel: " + LogFiles.text(3).substring(0, 20),
        StandardOpenOption.APPEND);
    SourceHarness h = tail(null);

    assertThat(h.texts(3)).containsExactlyElementsOf(LogFiles.texts(0, 3));
    Files.writeString(log(), LogFiles.text(3).substring(20) + "\n", StandardOpenOption.APPEND);

    assertThat(h.texts(4)).containsExactlyElementsOf(LogFiles.texts(0, 4));
    Outgoing last = h.await(4, Duration.ZERO).get(3);
    assertThat(last.checkpoint().offset()).isEqualTo(Files.size(log()));
    assertThat(last.checkpoint().fileIdentity()).isEqualTo(FileIdentity.of(log()));
    assertThat(TestRecords.message(last).host()).isEqualTo("gw-1");
  }

  @Test
  void shouldFinishTheRenamedFileAndThenReadTheNewOneWhenRotatedByRenameAndCreate() throws Exception {
    LogFiles.append(log(), 0, 5);
    SourceHarness h = tail(null);
    assertThat(h.texts(5)).hasSize(5);

    // When the writer still adds to the renamed file before the new one appears
    Path rotated = dir.resolve("kern.log.1");
    LogFiles.renameAway(log(), rotated);
    LogFiles.append(rotated, 5, 8);
    Thread.sleep(POLL.toMillis() * 3);
    LogFiles.append(log(), 8, 12);

    assertThat(h.texts(12)).containsExactlyElementsOf(LogFiles.texts(0, 12));
    assertThat(h.metrics.get(ShipMetrics.Counter.ROTATIONS, FileTailSource.LABEL)).isEqualTo(1);
  }

  @Test
  void shouldReadTheFileAgainFromItsStartWhenItIsTruncatedInPlace() throws Exception {
    LogFiles.append(log(), 0, 5);
    SourceHarness h = tail(null);
    assertThat(h.texts(5)).hasSize(5);

    LogFiles.copyTruncate(log(), dir.resolve("kern.log.1"));
    Thread.sleep(POLL.toMillis() * 3);
    LogFiles.append(log(), 5, 7);

    assertThat(h.texts(7)).containsExactlyElementsOf(LogFiles.texts(0, 7));
    assertThat(h.metrics.get(ShipMetrics.Counter.FILE_TRUNCATIONS, FileTailSource.LABEL)).isEqualTo(1);
  }

  @Test
  void shouldResumeAtTheCheckpointWithoutRepeatingALine() throws Exception {
    Checkpoint cp = checkpointAfterSecondLine();

    LogFiles.append(log(), 4, 6);
    SourceHarness second = tail(cp);

    assertThat(second.texts(4)).containsExactlyElementsOf(LogFiles.texts(2, 6));
  }

  @Test
  void shouldFinishTheRotatedFileFirstWhenTheFileWasRotatedWhileStopped() throws Exception {
    Checkpoint cp = checkpointAfterSecondLine();

    LogFiles.renameAway(log(), dir.resolve("kern.log.1"));
    LogFiles.append(log(), 4, 6);
    SourceHarness second = tail(cp);

    assertThat(second.texts(4)).containsExactlyElementsOf(LogFiles.texts(2, 6));
    assertThat(second.metrics.get(ShipMetrics.Counter.ROTATIONS, FileTailSource.LABEL)).isEqualTo(1);
  }

  @Test
  void shouldCountALostCheckpointAndReadTheCurrentFileFromItsStart() throws Exception {
    LogFiles.append(log(), 0, 2);
    Checkpoint gone = Checkpoint.file("syslog-file:" + log(), log().toString(), new FileIdentity(1, 1), 10,
        java.time.Instant.EPOCH);

    SourceHarness h = tail(gone);

    assertThat(h.texts(2)).containsExactlyElementsOf(LogFiles.texts(0, 2));
    assertThat(h.metrics.get(ShipMetrics.Counter.CHECKPOINTS_LOST, FileTailSource.LABEL)).isEqualTo(1);
  }

  @Test
  void shouldCutAnOversizedLineAndGoOnWithTheNextOne() throws Exception {
    Files.writeString(log(), "Mar  2 08:14:56 gw-1 kernel: " + "x".repeat(1000) + "\n");
    LogFiles.append(log(), 1, 2);
    SourceHarness h = tail(null);

    List<String> texts = h.texts(2);
    assertThat(texts.get(0)).hasSize(200 - "Mar  2 08:14:56 gw-1 kernel: ".length());
    assertThat(texts.get(1)).isEqualTo(LogFiles.text(1));
    assertThat(h.metrics.get(ShipMetrics.Counter.TRUNCATED, FileTailSource.LABEL)).isEqualTo(1);
  }
}
