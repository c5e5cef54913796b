package io.conntrackadvisor.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.conntrackadvisor.model.KernelMessage;
import io.conntrackadvisor.model.Topics;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent as a child JVM, killed with SIGKILL mid-stream at random points and started again several times: the
 * topic, read with read_committed, must hold every kernel entry of the journal exactly once, in journal order.
 */
class ShipCrashIT {
  private static final Logger LOG = LoggerFactory.getLogger(ShipCrashIT.class);
  private static final int ENTRIES = 3000;
  private static final int KERNEL_ENTRIES = 2700;
  private static final int KILLS = 3;
  /** Exit status of a JVM that ran its shutdown hooks after SIGTERM (128 + 15). */
  private static final int SIGTERM_EXIT = 143;

  @TempDir
  Path tmp;

  @Test
  void shouldHoldEveryEntryExactlyOnceInOrderAfterRepeatedSigkills() throws Exception {
    Path journal = Files.createDirectories(tmp.resolve("journal"));
    JournalFiles.write(journal, "big", JournalFiles.generated(ENTRIES, List.of("node-a", "node-b"),
        1_772_439_290_000_000L));
    List<String> expected = JournalFiles.cursors(journal);
    assertThat(expected).hasSize(KERNEL_ENTRIES);
    String prefix = ItSupport.prefix("crash");
    long seed = System.nanoTime();
    Random random = new Random(seed);
    LOG.info("Kill points from seed {}", seed);

    try (ItSupport.TopicReader reader = new ItSupport.TopicReader(ItSupport.bootstrap(),
        Topics.withPrefix(prefix).kernelMessages().name())) {
      int before = 0;
      for (int round = 1; round <= KILLS; round++) {
        Process agent = startAgent(prefix, journal, round);
        try {
          // Kill once this run has committed something, a random moment later
          int progress = reader.awaitAtLeast(before + 1, ItSupport.STEP).size();
          assertThat(progress).as("round %d made progress", round).isGreaterThan(before);
          Thread.sleep(random.nextInt(300));
        } finally {
          agent.destroyForcibly();
          agent.waitFor(30, TimeUnit.SECONDS);
        }
        before = reader.settle(Duration.ofMillis(300)).size();
        LOG.info("Round {}: SIGKILL with {} of {} entries committed", round, before, KERNEL_ENTRIES);
        assertThat(before).as("killed mid-stream").isLessThan(KERNEL_ENTRIES);
      }
      Process last = startAgent(prefix, journal, KILLS + 1);
      try {
        reader.awaitAtLeast(KERNEL_ENTRIES, ItSupport.STEP);
      } finally {
        last.destroy();
        assertThat(last.waitFor(30, TimeUnit.SECONDS)).isTrue();
      }
      assertThat(last.exitValue()).isEqualTo(SIGTERM_EXIT);
      List<KernelMessage> shipped = reader.settle(Duration.ofSeconds(1)).stream()
          .map(r -> TestRecords.message(r.value())).toList();

      assertThat(shipped).extracting(KernelMessage::cursor).containsExactlyElementsOf(expected);
      for (int h = 0; h < 2; h++) {
        String host = List.of("node-a", "node-b").get(h);
        int hostIndex = h;
        List<Integer> seqs = shipped.stream().filter(m -> m.host().equals(host))
            .map(m -> Integer.parseInt(m.message().substring(4, m.message().indexOf(' ')))).toList();
        List<Integer> generated = IntStream.range(0, ENTRIES).filter(i -> i % 2 == hostIndex && i % 10 != 9)
            .boxed().toList();
        assertThat(seqs).as("entries of %s in order", host).isEqualTo(generated);
      }
    }
  }

  private Process startAgent(String prefix, Path journal, int round) throws Exception {
    Map<String, String> s = new LinkedHashMap<>(ItSupport.agentSettings(ItSupport.bootstrap(), prefix,
        tmp.resolve("state")));
    s.put(ShipSettings.JOURNALD, "true");
    s.put(ShipSettings.JOURNALCTL, JournalFiles.JOURNALCTL);
    s.put(ShipSettings.JOURNAL_DIRECTORY, journal.toString());
    // Small transactions, so that a kill lands between many commits.
    s.put(ShipSettings.BATCH_MAX_RECORDS, "20");
    s.put(ShipSettings.BATCH_LINGER, "5ms");
    return ItSupport.startChildAgent(s, tmp.resolve("agent-" + round + ".log"));
  }
}
