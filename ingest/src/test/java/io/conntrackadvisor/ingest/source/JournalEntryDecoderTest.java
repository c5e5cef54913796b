package io.conntrackadvisor.ingest.source;

import io.conntrackadvisor.ingest.ShipMetrics;
import io.conntrackadvisor.ingest.TestFixtures;
import io.conntrackadvisor.ingest.TestRecords;
import static org.assertj.core.api.Assertions.assertThat;

import io.conntrackadvisor.model.KernelMessage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class JournalEntryDecoderTest {
  private final ShipMetrics metrics = new ShipMetrics();

  private List<JournalEntryDecoder.Decoded> decodeFixture(boolean all, int maxBytes) throws Exception {
    JournalEntryDecoder decoder = new JournalEntryDecoder("agent", all, maxBytes, TestRecords.FACTORY, metrics);
    List<JournalEntryDecoder.Decoded> out = new ArrayList<>();
    for (String json : Files.readAllLines(TestFixtures.path("journal/kernel.json"), StandardCharsets.UTF_8)) {
      out.add(decoder.decode(lineOf(json)));
    }
    return out;
  }

  private static LineBuffer lineOf(String text) {
    byte[] b = text.getBytes(StandardCharsets.UTF_8);
    LineBuffer line = new LineBuffer(1 << 20);
    line.append(b, 0, b.length);
    return line;
  }

  @Test
  void shouldShipKernelEntriesWithTheirCursorAsCheckpointAndFilterTheOthers() throws Exception {
    List<JournalEntryDecoder.Decoded> decoded = decodeFixture(false, 65_536);

    List<KernelMessage> shipped = decoded.stream().filter(d -> d.outgoing() != null)
        .map(d -> TestRecords.message(d.outgoing())).toList();
    assertThat(decoded).hasSize(17).allMatch(d -> d.cursor() != null);
    assertThat(shipped).hasSize(15).allMatch(KernelMessage::fromKernel)
        .allMatch(m -> m.host().equals("k8s-node-7") && m.source().equals("journald"));
    JournalEntryDecoder.Decoded first = decoded.get(0);
    assertThat(first.outgoing().checkpoint().cursor()).isEqualTo(first.cursor());
    assertThat(TestRecords.message(first.outgoing()).cursor()).isEqualTo(first.cursor());
    assertThat(metrics.get(ShipMetrics.Counter.FILTERED, "journald")).isEqualTo(2);
    assertThat(metrics.get(ShipMetrics.Counter.READ, "journald")).isEqualTo(17);
  }

  @Test
  void shouldDecodeAByteArrayMessageLenientlyAndCountItsInvalidUtf8() throws Exception {
    List<JournalEntryDecoder.Decoded> decoded = decodeFixture(false, 65_536);

    assertThat(TestRecords.message(decoded.get(14).outgoing()).message())
        .isEqualTo("nf_conntrack: nf_conntrack: table full, dropping packet\u0001\uFFFD");
    assertThat(metrics.get(ShipMetrics.Counter.INVALID_UTF8, "journald")).isEqualTo(1);
  }

  @Test
  void shouldShipEveryEntryWhenAllAreWanted() throws Exception {
    assertThat(decodeFixture(true, 65_536)).allMatch(d -> d.outgoing() != null);
    assertThat(metrics.get(ShipMetrics.Counter.FILTERED, "journald")).isZero();
  }

  @Test
  void shouldCutAnOversizedMessageAndCountIt() throws Exception {
    List<JournalEntryDecoder.Decoded> decoded = decodeFixture(false, 60);

    assertThat(TestRecords.message(decoded.get(0).outgoing()).message())
        .isEqualTo("IPv6: ADDRCONF(NETDEV_CHANGE): cali4f2b1c0a9e3: link becomes");
    assertThat(TestRecords.message(decoded.get(1).outgoing()).message())
        .isEqualTo("nf_conntrack: nf_conntrack: table full, dropping packet");
    assertThat(metrics.get(ShipMetrics.Counter.TRUNCATED, "journald")).isEqualTo(1);
  }

  @Test
  void shouldCountALineThatIsNotAJournalEntry() {
    JournalEntryDecoder decoder = new JournalEntryDecoder("agent", false, 100, TestRecords.FACTORY, metrics);

    assertThat(decoder.decode(lineOf("{\"MESSAGE\":\"x\"")).outgoing()).isNull();
    assertThat(decoder.decode(lineOf("{\"MESSAGE\":\"x\",\"__REALTIME_TIMESTAMP\":\"1\"}")).outgoing()).isNull();

    assertThat(metrics.metrics().scrape())
        .contains("skipped_total{reason=\"bad-json\",source=\"journald\"} 1.0")
        .contains("skipped_total{reason=\"no-cursor\",source=\"journald\"} 1.0");
  }
}
