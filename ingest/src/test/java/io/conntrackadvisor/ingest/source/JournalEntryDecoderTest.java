package io.conntrackadvisor.ingest.source;

import io.conntrackadvisor.core.parse.JournalEntry;
import io.conntrackadvisor.ingest.ShipMetrics;
import io.conntrackadvisor.ingest.TestFixtures;
import io.conntrackadvisor.ingest.TestRecords;
import static org.assertj.core.api.Assertions.assertThat;

import io.conntrackadvisor.model.KernelMessage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
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
    for (JournalEntry e : entries(Files.readAllBytes(TestFixtures.path("journal/kernel.export")))) {
      out.add(decoder.decode(e));
    }
    return out;
  }

  private static List<JournalEntry> entries(byte[] export) throws IOException {
    JournalExportReader reader = new JournalExportReader(new ByteReader(new ByteArrayInputStream(export)), 1 << 20);
    List<JournalEntry> out = new ArrayList<>();
    for (JournalEntry e = reader.next(); e != null; e = reader.next()) {
      out.add(e);
    }
    return out;
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
  void shouldCountAnEntryWithoutCursorAndOneWithoutMessage() throws Exception {
    JournalEntryDecoder decoder = new JournalEntryDecoder("agent", false, 100, TestRecords.FACTORY, metrics);
    List<JournalEntry> entries = entries(("MESSAGE=x\n__REALTIME_TIMESTAMP=1\n\n"
        + "__CURSOR=c\n__REALTIME_TIMESTAMP=1\n\n").getBytes(StandardCharsets.UTF_8));

    assertThat(entries).hasSize(2);
    assertThat(decoder.decode(entries.get(0))).isEqualTo(new JournalEntryDecoder.Decoded(null, null));
    assertThat(decoder.decode(entries.get(1))).isEqualTo(new JournalEntryDecoder.Decoded("c", null));

    assertThat(metrics.metrics().scrape())
        .contains("skipped_total{reason=\"bad-json\",source=\"journald\"} 1.0")
        .contains("skipped_total{reason=\"no-cursor\",source=\"journald\"} 1.0");
  }

  @Test
  void shouldReadEveryFieldOfTheExportFormatAndLeaveOutAnEntryTheEndCutOff() throws Exception {
    byte[] text = ("__CURSOR=s=1\n_PID=7\n_HOSTNAME=n1\n__REALTIME_TIMESTAMP=1772439300000100\nPRIORITY=4\n"
        + "SYSLOG_FACILITY=0\n_TRANSPORT=kernel\nSYSLOG_IDENTIFIER=kernel\n_BOOT_ID=b1\n_CMDLINE\n")
        .getBytes(StandardCharsets.UTF_8);
    byte[] cmdline = {2, 0, 0, 0, 0, 0, 0, 0, 'a', '\n', '\n'};
    byte[] message = ("MESSAGE\n").getBytes(StandardCharsets.UTF_8);
    byte[] value = {3, 0, 0, 0, 0, 0, 0, 0, 'h', 'i', (byte) 0xFF, '\n', '\n'};
    byte[] cut = "__CURSOR=s=2\nMESSAGE=lost\n".getBytes(StandardCharsets.UTF_8);
    ByteArrayOutputStream export = new ByteArrayOutputStream();
    for (byte[] b : List.of(text, cmdline, message, value, cut)) {
      export.write(b);
    }

    List<JournalEntry> entries = entries(export.toByteArray());

    assertThat(entries).containsExactly(new JournalEntry("s=1", "hi\uFFFD", entries.get(0).messageBytes(),
        "1772439300000100", "n1", "b1", "4", "0", "kernel", "kernel"));
    assertThat(entries.get(0).messageBytes()).containsExactly('h', 'i', 0xFF);
  }
}
