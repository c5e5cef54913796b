package io.conntrackadvisor.ingest;

import io.conntrackadvisor.ingest.source.KmsgBoot;
import io.conntrackadvisor.ingest.source.KmsgSource;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.conntrackadvisor.model.KernelMessage;
import io.conntrackadvisor.model.Topics;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The kmsg source on this machine's real {@code /dev/kmsg}, across a clean stop and a SIGKILL of the agent: marker
 * lines written from user space (facility user, hence {@code kmsg.all=true}) reach the topic, read with
 * read_committed, exactly once and in the order they were written. The kernel's own lines in the same topic are
 * not asserted on: they differ from machine to machine.
 */
class KmsgIT {
  private static final Path KMSG = Path.of("/dev/kmsg");
  private static final Path DEVKMSG_SYSCTL = Path.of("/proc/sys/kernel/printk_devkmsg");
  private static final String MARKER = "conntrack-advisor-kmsgit";
  /** Facility of records that user space writes to /dev/kmsg without a {@code <N>} prefix. */
  private static final int USER_FACILITY = 1;
  private static final int BATCH = 5;

  @TempDir
  Path tmp;

  private String run;
  private final List<String> written = new ArrayList<>();

  @Test
  void shouldShipEveryMarkerExactlyOnceInOrderAcrossACleanStopAndASigkill() throws Exception {
    assumeKmsgUsable();
    run = UUID.randomUUID().toString();
    String prefix = ItSupport.prefix("kmsg");
    Map<String, String> settings = ItSupport.agentSettings(ItSupport.bootstrap(), prefix, tmp.resolve("state"));
    settings.put(ShipSettings.KMSG, "true");
    settings.put(ShipSettings.KMSG_PATH, KMSG.toString());
    settings.put(ShipSettings.KMSG_ALL, "true");

    try (ItSupport.TopicReader reader = new ItSupport.TopicReader(ItSupport.bootstrap(),
        Topics.withPrefix(prefix).kernelMessages().name())) {
      // Given markers written before the agent starts and while it runs, then a clean stop
      writeMarkers(BATCH);
      try (ItSupport.RunningAgent agent = new ItSupport.RunningAgent(settings)) {
        writeMarkers(BATCH);
        assertThat(awaitMarkers(reader, written.size())).containsExactlyElementsOf(written);
        assertThat(agent.metrics().get(ShipMetrics.Counter.SOURCE_ERRORS, KmsgSource.LABEL)).isZero();
      }
      // When more are written while it is stopped, and the next agent is killed with SIGKILL after its first
      // commit, with markers written just before the kill still in flight
      writeMarkers(BATCH);
      int beforeKill = written.size();
      Process child = ItSupport.startChildAgent(settings, tmp.resolve("agent-killed.log"));
      try {
        assertThat(awaitMarkers(reader, beforeKill - BATCH + 1)).hasSizeGreaterThan(beforeKill - BATCH);
        writeMarkers(BATCH);
      } finally {
        child.destroyForcibly();
        assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
      }
      writeMarkers(BATCH);
      // Then an agent started again on the same state ships the rest
      try (ItSupport.RunningAgent agent = new ItSupport.RunningAgent(settings)) {
        assertThat(awaitMarkers(reader, written.size())).containsExactlyElementsOf(written);
        assertThat(agent.metrics().get(ShipMetrics.Counter.SOURCE_ERRORS, KmsgSource.LABEL)).isZero();
      }
      List<KernelMessage> shipped = markers(reader.settle(Duration.ofSeconds(1)));

      // Every marker of this run exactly once, in the order written, from this boot with rising sequence numbers
      assertThat(shipped).extracting(KernelMessage::message).containsExactlyElementsOf(written);
      String boot = Files.readString(Path.of("/proc", KmsgBoot.BOOT_ID)).strip();
      assertThat(shipped).allMatch(m -> m.source().equals(KmsgSource.LABEL) && m.host().equals("agent-host")
          && boot.equals(m.bootId()) && Integer.valueOf(USER_FACILITY).equals(m.facility()));
      List<Long> seqs = shipped.stream().map(m -> Long.parseLong(m.cursor().substring(boot.length() + 1))).toList();
      assertThat(seqs).isSorted().doesNotHaveDuplicates();
    }
  }

  /** Skips the test where this process cannot read and write the kernel log, or the kernel discards writes. */
  private static void assumeKmsgUsable() throws IOException {
    assumeTrue(Files.exists(KMSG), "no " + KMSG + " on this machine");
    for (StandardOpenOption mode : List.of(StandardOpenOption.READ, StandardOpenOption.WRITE)) {
      try {
        FileChannel.open(KMSG, mode).close();
      } catch (IOException | SecurityException e) {
        assumeTrue(false, KMSG + " cannot be opened for " + mode + " here (needs root or CAP_SYSLOG, or "
            + "kernel.dmesg_restrict=0): " + e);
      }
    }
    if (Files.isReadable(DEVKMSG_SYSCTL)) {
      assumeFalse(Files.readString(DEVKMSG_SYSCTL).strip().equals("off"),
          "kernel.printk_devkmsg=off: the kernel discards what user space writes to " + KMSG);
    }
  }

  /** Writes the next {@code n} markers of this run, one record each. */
  private void writeMarkers(int n) throws IOException {
    for (int i = 0; i < n; i++) {
      String line = MARKER + " " + run + " " + written.size();
      // One open per record: the kernel rate-limits writes per open file (10 per 5 s unless printk_devkmsg=on).
      try (FileChannel ch = FileChannel.open(KMSG, StandardOpenOption.WRITE)) {
        ch.write(ByteBuffer.wrap((line + "\n").getBytes(StandardCharsets.US_ASCII)));
      }
      written.add(line);
    }
  }

  /** The texts of this run's markers in the topic once there are {@code n} (or the step's time is up). */
  private List<String> awaitMarkers(ItSupport.TopicReader reader, int n) {
    return reader.awaitMatching(this::isMarker, n, ItSupport.STEP).stream()
        .map(r -> TestRecords.message(r.value()).message()).toList();
  }

  private boolean isMarker(ConsumerRecord<String, byte[]> r) {
    return new String(r.value(), StandardCharsets.UTF_8).contains(MARKER + " " + run + " ");
  }

  private List<KernelMessage> markers(List<ConsumerRecord<String, byte[]>> records) {
    return records.stream().filter(this::isMarker).map(r -> TestRecords.message(r.value())).toList();
  }
}
