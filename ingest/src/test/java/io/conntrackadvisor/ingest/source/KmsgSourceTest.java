package io.conntrackadvisor.ingest.source;

import io.conntrackadvisor.ingest.ShipMetrics;
import io.conntrackadvisor.ingest.SourceHarness;
import io.conntrackadvisor.ingest.TestRecords;
import io.conntrackadvisor.ingest.delivery.Checkpoint;
import io.conntrackadvisor.ingest.delivery.Outgoing;
import static org.assertj.core.api.Assertions.assertThat;

import io.conntrackadvisor.model.KernelMessage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The kmsg source against a file of {@code /dev/kmsg} records standing in for the device, and a proc root with a
 * boot id and an uptime: what is shipped, with which checkpoint, and where a restart resumes.
 */
class KmsgSourceTest {
  private static final String BOOT = "6f1e2a8c-0b7d-4c1e-9a55-3f0d2b7c9e11";
  private static final String RECORDS = """
      6,1,1000,-;Command line: console=ttyS0
      4,2,2000000,-;nf_conntrack: nf_conntrack: table full, dropping packet
       SUBSYSTEM=net
       DEVICE=+net:eth0
      12,3,2500000,-;conntrack-advisor-test written by user space
      4,4,3000000,c;nf_conntrack: nf_conntrack: table full, dropping packet
      """;

  @TempDir
  Path dir;

  private Path kmsg;
  private SourceHarness harness;

  @BeforeEach
  void setUp() throws IOException {
    kmsg = dir.resolve("kmsg");
    Files.writeString(kmsg, RECORDS, StandardCharsets.UTF_8);
    Path proc = dir.resolve("proc");
    Files.createDirectories(proc.resolve("sys/kernel/random"));
    Files.writeString(proc.resolve(KmsgBoot.BOOT_ID), BOOT + "\n");
    Files.writeString(proc.resolve(KmsgBoot.UPTIME), "100.00 180.00\n");
    harness = new SourceHarness(100);
  }

  @AfterEach
  void tearDown() {
    harness.close();
  }

  private KmsgSource source(boolean all) {
    return new KmsgSource(kmsg, dir.resolve("proc"), "node-1", all, 64, harness.outbox, TestRecords.FACTORY,
        harness.metrics, Duration.ofMillis(50), Duration.ofMillis(200));
  }

  private List<Outgoing> run(Checkpoint resume, int expected) throws InterruptedException {
    harness.start(source(false), resume);
    harness.await(expected, Duration.ofSeconds(5));
    // give a wrong extra record a moment to show up
    return harness.await(expected + 1, Duration.ofMillis(300));
  }

  @Test
  void shouldShipKernelRecordsWithBootAndSequenceAsCheckpointAndLeaveOutUserSpaceOnes() throws Exception {
    List<Outgoing> out = run(null, 3);

    assertThat(out).extracting(o -> o.checkpoint().cursor())
        .containsExactly(BOOT + ":1", BOOT + ":2", BOOT + ":4");
    KernelMessage m = TestRecords.message(out.get(1));
    assertThat(m.message()).isEqualTo("nf_conntrack: nf_conntrack: table full, dropping packet");
    assertThat(m.host()).isEqualTo("node-1");
    assertThat(m.source()).isEqualTo("kmsg");
    assertThat(m.bootId()).isEqualTo(BOOT);
    assertThat(m.cursor()).isEqualTo(BOOT + ":2");
    assertThat(m.priority()).isEqualTo(4);
    // boot = now - 100 s uptime; the record is 2 s after boot
    assertThat(m.timestamp()).isBetween(Instant.now().minusSeconds(99), Instant.now().minusSeconds(97));
    assertThat(harness.metrics.get(ShipMetrics.Counter.FILTERED, KmsgSource.LABEL)).isEqualTo(1);
    assertThat(harness.metrics.get(ShipMetrics.Counter.READ, KmsgSource.LABEL)).isEqualTo(4);
    assertThat(harness.metrics.get(ShipMetrics.Counter.KMSG_GAPS, KmsgSource.LABEL)).isZero();
  }

  @Test
  void shouldShipUserSpaceRecordsTooWhenAllAreWanted() throws Exception {
    harness.start(source(true), null);

    assertThat(harness.texts(4)).hasSize(4).contains("conntrack-advisor-test written by user space");
  }

  @Test
  void shouldSkipRecordsUpToTheCheckpointOfTheSameBoot() throws Exception {
    List<Outgoing> out = run(Checkpoint.kmsg(KmsgSource.LABEL, BOOT, 2, Instant.EPOCH), 1);

    assertThat(out).extracting(o -> o.checkpoint().cursor()).containsExactly(BOOT + ":4");
    assertThat(harness.metrics.get(ShipMetrics.Counter.KMSG_GAPS, KmsgSource.LABEL)).isZero();
  }

  @Test
  void shouldReadFromTheOldestRecordWhenTheCheckpointIsOfAnotherBoot() throws Exception {
    List<Outgoing> out = run(Checkpoint.kmsg(KmsgSource.LABEL, "an-earlier-boot", 3, Instant.EPOCH), 3);

    assertThat(out).extracting(o -> o.checkpoint().cursor())
        .containsExactly(BOOT + ":1", BOOT + ":2", BOOT + ":4");
    assertThat(harness.metrics.get(ShipMetrics.Counter.KMSG_GAPS, KmsgSource.LABEL)).isZero();
  }

  @Test
  void shouldCountAGapWhenTheRingBufferOverwroteRecordsSinceTheCheckpoint() throws Exception {
    Files.writeString(kmsg, "4,40,1000,-;first left\n4,41,1000,-;second left\n4,45,1000,-;after overrun\n");

    List<Outgoing> out = run(Checkpoint.kmsg(KmsgSource.LABEL, BOOT, 30, Instant.EPOCH), 3);

    assertThat(out).extracting(o -> TestRecords.message(o).message())
        .containsExactly("first left", "second left", "after overrun");
    assertThat(harness.metrics.get(ShipMetrics.Counter.KMSG_GAPS, KmsgSource.LABEL)).isEqualTo(2);
    assertThat(harness.metrics.get(ShipMetrics.Counter.KMSG_LOST, KmsgSource.LABEL)).isEqualTo(9 + 3);
  }

  @Test
  void shouldFollowRecordsWrittenWhileRunningAndStopPromptly() throws Exception {
    harness.start(source(false), null);
    harness.await(3, Duration.ofSeconds(5));

    Files.writeString(kmsg, "4,5,4000000,-;appended later\n", StandardOpenOption.APPEND);
    List<Outgoing> out = harness.await(4, Duration.ofSeconds(5));
    long t0 = System.nanoTime();
    harness.stop();

    assertThat(TestRecords.message(out.get(3)).message()).isEqualTo("appended later");
    assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(2));
  }

  @Test
  void shouldCutMessagesLongerThanTheLimitAtACharacterEdge() throws Exception {
    Files.writeString(kmsg, "4,1,1000,-;" + "é".repeat(40) + "\n");

    List<Outgoing> out = run(null, 1);

    assertThat(TestRecords.message(out.get(0)).message()).isEqualTo("é".repeat(32));
    assertThat(harness.metrics.get(ShipMetrics.Counter.TRUNCATED, KmsgSource.LABEL)).isEqualTo(1);
  }
}
