package io.conntrackadvisor.ingest;

import io.conntrackadvisor.ingest.source.FileTailSource;
import static org.assertj.core.api.Assertions.assertThat;

import io.conntrackadvisor.model.KernelMessage;
import io.conntrackadvisor.model.Topics;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A tailed syslog file rotated both ways, while the agent runs and while it is stopped: every line reaches the
 * topic once, in order.
 */
class FileTailIT {
  @TempDir
  Path tmp;

  @Test
  void shouldShipEveryLineOnceThroughRenameAndCopytruncateRotationAndARestart() throws Exception {
    Path log = Files.createDirectories(tmp.resolve("log")).resolve("kern.log");
    String prefix = ItSupport.prefix("file");
    Map<String, String> s = ItSupport.tailing(ItSupport.bootstrap(), prefix, tmp.resolve("state"), log);
    LogFiles.append(log, 0, 100);

    try (ItSupport.TopicReader reader = new ItSupport.TopicReader(ItSupport.bootstrap(),
        Topics.withPrefix(prefix).kernelMessages().name())) {
      try (ItSupport.RunningAgent agent = new ItSupport.RunningAgent(s)) {
        reader.awaitAtLeast(100, ItSupport.STEP);
        // rename and create while running; the writer adds to the renamed file before it reopens
        LogFiles.renameAway(log, log.resolveSibling("kern.log.1"));
        LogFiles.append(log.resolveSibling("kern.log.1"), 100, 110);
        Thread.sleep(200);
        LogFiles.append(log, 110, 150);
        reader.awaitAtLeast(150, ItSupport.STEP);
        assertThat(agent.metrics().get(ShipMetrics.Counter.ROTATIONS, FileTailSource.LABEL)).isEqualTo(1);
      }
      // lines written and a rename rotation while the agent is stopped
      LogFiles.append(log, 150, 160);
      LogFiles.renameAway(log.resolveSibling("kern.log.1"), log.resolveSibling("kern.log.2"));
      LogFiles.renameAway(log, log.resolveSibling("kern.log.1"));
      LogFiles.append(log, 160, 170);
      try (ItSupport.RunningAgent agent = new ItSupport.RunningAgent(s)) {
        reader.awaitAtLeast(170, ItSupport.STEP);
        // copytruncate while running, once the agent has read to the end
        LogFiles.copyTruncate(log, log.resolveSibling("kern.log.copy"));
        Thread.sleep(300);
        LogFiles.append(log, 170, 200);
        reader.awaitAtLeast(200, ItSupport.STEP);
        assertThat(agent.metrics().get(ShipMetrics.Counter.FILE_TRUNCATIONS, FileTailSource.LABEL)).isEqualTo(1);
      }
      List<KernelMessage> shipped = reader.settle(Duration.ofSeconds(1)).stream()
          .map(r -> TestRecords.message(r.value())).toList();

      assertThat(shipped).extracting(KernelMessage::message).containsExactlyElementsOf(LogFiles.texts(0, 200));
      assertThat(shipped).allMatch(m -> m.host().equals("gw-1") && m.source().equals(FileTailSource.LABEL));
    }
  }
}
