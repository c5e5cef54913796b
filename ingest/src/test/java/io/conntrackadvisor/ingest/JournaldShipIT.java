package io.conntrackadvisor.ingest;

import io.conntrackadvisor.ingest.delivery.Checkpoint;
import io.conntrackadvisor.ingest.delivery.StateFile;
import static org.assertj.core.api.Assertions.assertThat;

import io.conntrackadvisor.model.KernelMessage;
import io.conntrackadvisor.model.Topics;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real journal files (made from the kernel.export fixture with systemd-journal-remote), read by the real
 * {@code journalctl --follow}, shipped to the embedded broker.
 */
class JournaldShipIT {
  @TempDir
  Path tmp;

  private Map<String, String> settings(String prefix, Path journalDir) {
    Map<String, String> s = ItSupport.agentSettings(ItSupport.bootstrap(), prefix, tmp.resolve("state"));
    s.put(ShipSettings.JOURNALD, "true");
    s.put(ShipSettings.JOURNALCTL, JournalFiles.JOURNALCTL);
    s.put(ShipSettings.JOURNAL_DIRECTORY, journalDir.toString());
    return s;
  }

  private static List<KernelMessage> messages(List<ConsumerRecord<String, byte[]>> records) {
    return records.stream().map(r -> TestRecords.message(r.value())).toList();
  }

  @Test
  void shouldShipEveryKernelEntryExactlyOnceAcrossAppendsAndACleanRestart() throws Exception {
    byte[] export = Files.readAllBytes(TestFixtures.path("journal/kernel.export"));
    Path journal = Files.createDirectories(tmp.resolve("journal"));
    JournalFiles.write(journal, "first", export);
    String prefix = ItSupport.prefix("journald");
    Map<String, String> settings = settings(prefix, journal);

    try (ItSupport.TopicReader reader = new ItSupport.TopicReader(ItSupport.bootstrap(),
        Topics.withPrefix(prefix).kernelMessages().name())) {
      // When the agent reads the journal, and a second journal file is added while it runs
      try (ItSupport.RunningAgent agent = new ItSupport.RunningAgent(settings)) {
        assertThat(reader.awaitAtLeast(15, ItSupport.STEP)).hasSize(15);
        JournalFiles.write(journal, "second", JournalFiles.shifted(export, Duration.ofHours(1), "second "));
        assertThat(reader.awaitAtLeast(30, ItSupport.STEP)).hasSize(30);
        ItSupport.eventually("30 acknowledged", () -> agent.metrics().get(ShipMetrics.Counter.ACKNOWLEDGED,
            "journald") == 30);
        assertThat(agent.metrics().get(ShipMetrics.Counter.INVALID_UTF8, "journald")).isEqualTo(2);
      }
      // And after a clean restart a third file arrives, and nothing is shipped twice
      try (ItSupport.RunningAgent agent = new ItSupport.RunningAgent(settings)) {
        JournalFiles.write(journal, "third", JournalFiles.shifted(export, Duration.ofHours(2), "third "));
        reader.awaitAtLeast(45, ItSupport.STEP);
        ItSupport.eventually("only the 15 new entries acknowledged after the restart",
            () -> agent.metrics().get(ShipMetrics.Counter.ACKNOWLEDGED, "journald") == 15);
      }
      List<KernelMessage> shipped = messages(reader.settle(Duration.ofSeconds(1)));

      // Then the topic holds every kernel entry journalctl has, once, in journal order, and no other entry
      assertThat(shipped).extracting(KernelMessage::cursor).containsExactlyElementsOf(JournalFiles.cursors(journal));
      assertThat(shipped).hasSize(45).allMatch(KernelMessage::fromKernel)
          .allMatch(m -> m.host().equals("k8s-node-7") && m.source().equals("journald"));
      assertThat(shipped).extracting(KernelMessage::message)
          .contains("second nf_conntrack: nf_conntrack: table full, dropping packet")
          .noneMatch(text -> text.contains("pod_workers") || text.contains("GET /"));
    }
  }

  @Test
  void shouldFallBackToTheJournalStartWhenTheCheckpointedCursorIsFromAnotherJournal() throws Exception {
    // Given a checkpoint whose cursor belongs to a journal this machine does not have
    byte[] export = Files.readAllBytes(TestFixtures.path("journal/kernel.export"));
    Path other = Files.createDirectories(tmp.resolve("other"));
    JournalFiles.write(other, "other", export);
    String foreign = JournalFiles.cursors(other).get(4);
    Path journal = Files.createDirectories(tmp.resolve("journal"));
    JournalFiles.write(journal, "mine", export);
    String prefix = ItSupport.prefix("journald-fallback");
    try (StateFile state = StateFile.open(tmp.resolve("state"))) {
      state.write(Map.of("journald", Checkpoint.journal("journald", foreign, java.time.Instant.EPOCH).withSeq(7)));
    }

    try (ItSupport.TopicReader reader = new ItSupport.TopicReader(ItSupport.bootstrap(),
        Topics.withPrefix(prefix).kernelMessages().name());
        ItSupport.RunningAgent agent = new ItSupport.RunningAgent(settings(prefix, journal))) {
      List<KernelMessage> shipped = new ArrayList<>(messages(reader.awaitAtLeast(15, ItSupport.STEP)));

      // Then the fallback is counted once and the whole available journal arrives, not a silent nothing
      assertThat(shipped).extracting(KernelMessage::cursor).containsExactlyElementsOf(JournalFiles.cursors(journal));
      assertThat(agent.metrics().get(ShipMetrics.Counter.CURSOR_FALLBACKS, "journald")).isEqualTo(1);
    }
  }
}
