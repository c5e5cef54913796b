package io.conntrackadvisor.ingest.source;

import io.conntrackadvisor.ingest.ShipMetrics;
import io.conntrackadvisor.ingest.TestRecords;
import io.conntrackadvisor.ingest.delivery.Checkpoint;
import io.conntrackadvisor.ingest.delivery.Outbox;
import io.conntrackadvisor.ingest.delivery.Outgoing;
import static org.assertj.core.api.Assertions.assertThat;

import io.conntrackadvisor.model.KernelMessage;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

class LinePublisherTest {
  private final ShipMetrics metrics = new ShipMetrics();
  private final Outbox outbox = new Outbox(100, 1 << 20, metrics);
  private final LinePublisher publisher =
      new LinePublisher("syslog-udp", "agent-host", 120, ZoneOffset.UTC, outbox, TestRecords.FACTORY, metrics);

  private boolean publish(byte[] bytes, Duration wait) throws InterruptedException {
    LineBuffer line = new LineBuffer(120);
    line.append(bytes, 0, bytes.length);
    return publisher.publish(line, Checkpoint.progress("syslog-udp", Instant.EPOCH), wait, null);
  }

  private List<Outgoing> queued() throws InterruptedException {
    return outbox.drain(100, Duration.ZERO, Duration.ZERO, Duration.ofMillis(10));
  }

  @Test
  void shouldShipAParsedMessageKeyedByTheHostOfTheSyslogHeader() throws Exception {
    publish("<4>1 2026-03-02T08:14:55.200511Z lb-edge-2 kernel - - - nf_conntrack: table full, dropping packet\n"
        .getBytes(StandardCharsets.UTF_8), null);

    Outgoing o = queued().get(0);
    KernelMessage m = TestRecords.message(o);
    assertThat(TestRecords.key(o)).isEqualTo("lb-edge-2");
    assertThat(o.record().topic()).isEqualTo("unit.kernel-messages");
    assertThat(m.host()).isEqualTo("lb-edge-2");
    assertThat(m.source()).isEqualTo("syslog-udp");
    assertThat(m.identifier()).isEqualTo("kernel");
    assertThat(m.priority()).isEqualTo(4);
    assertThat(m.message()).isEqualTo("nf_conntrack: table full, dropping packet");
    assertThat(metrics.get(ShipMetrics.Counter.READ, "syslog-udp")).isEqualTo(1);
  }

  @Test
  void shouldUseTheAgentHostWhenTheHeaderHasNone() throws Exception {
    publish("<4>1 2026-03-02T08:14:55Z - kernel - - - x".getBytes(StandardCharsets.UTF_8), null);

    assertThat(TestRecords.message(queued().get(0)).host()).isEqualTo("agent-host");
  }

  @Test
  void shouldCutAnOversizedLineAtACharacterEdgeAndCountIt() throws Exception {
    // 'é' is two bytes; the 120-byte bound falls inside one of them (the prefix is 27 bytes, an odd number)
    String text = "Mar  2 08:14:56 hx kernel: " + "é".repeat(60);
    publish(text.getBytes(StandardCharsets.UTF_8), null);

    String shipped = TestRecords.message(queued().get(0)).message();
    assertThat(shipped).matches("é+").hasSizeLessThan(60);
    assertThat(("Mar  2 08:14:56 hx kernel: " + shipped).getBytes(StandardCharsets.UTF_8)).hasSizeLessThanOrEqualTo(120);
    assertThat(metrics.get(ShipMetrics.Counter.TRUNCATED, "syslog-udp")).isEqualTo(1);
    assertThat(metrics.get(ShipMetrics.Counter.INVALID_UTF8, "syslog-udp")).isZero();
  }

  @Test
  void shouldDecodeInvalidUtf8LenientlyAndCountIt() throws Exception {
    byte[] head = "Mar  2 08:14:56 h kernel: table full".getBytes(StandardCharsets.UTF_8);
    byte[] line = new byte[head.length + 2];
    System.arraycopy(head, 0, line, 0, head.length);
    line[head.length] = 1;
    line[head.length + 1] = (byte) 0xFF;

    publish(line, null);

    assertThat(TestRecords.message(queued().get(0)).message()).isEqualTo("table full\u0001\uFFFD");
    assertThat(metrics.get(ShipMetrics.Counter.INVALID_UTF8, "syslog-udp")).isEqualTo(1);
  }

  @Test
  void shouldCountLinesThatParseAsNothingByReason() throws Exception {
    publish("not a syslog line".getBytes(StandardCharsets.UTF_8), null);
    publish("\n".getBytes(StandardCharsets.UTF_8), null);

    assertThat(queued()).isEmpty();
    assertThat(metrics.metrics().scrape())
        .contains("conntrack_advisor_ship_skipped_total{reason=\"unrecognized-format\",source=\"syslog-udp\"} 1.0")
        .contains("conntrack_advisor_ship_skipped_total{reason=\"empty\",source=\"syslog-udp\"} 1.0");
  }

  @Test
  void shouldDropAndCountAMessageThatFindsNoRoomWhenItMayNotWait() throws Exception {
    Outbox full = new Outbox(1, 1 << 20, metrics);
    LinePublisher udp = new LinePublisher("syslog-udp", "h", 80, ZoneOffset.UTC, full, TestRecords.FACTORY, metrics);
    LineBuffer line = new LineBuffer(80);
    line.append("Mar  2 08:14:56 h kernel: x".getBytes(StandardCharsets.UTF_8), 0, 27);

    assertThat(udp.publish(line, Checkpoint.progress("syslog-udp", Instant.EPOCH), Duration.ZERO, null)).isTrue();
    assertThat(udp.publish(line, Checkpoint.progress("syslog-udp", Instant.EPOCH), Duration.ZERO, null)).isTrue();
    full.closeForWrites();

    assertThat(metrics.get(ShipMetrics.Counter.DROPPED, "syslog-udp")).isEqualTo(1);
    assertThat(udp.publish(line, Checkpoint.progress("syslog-udp", Instant.EPOCH), Duration.ZERO, null)).isFalse();
  }
}
