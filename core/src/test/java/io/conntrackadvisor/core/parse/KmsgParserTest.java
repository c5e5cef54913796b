package io.conntrackadvisor.core.parse;

import static org.assertj.core.api.Assertions.assertThat;

import io.conntrackadvisor.model.KernelMessage;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

class KmsgParserTest {
  private static final ParseContext CTX = new ParseContext("h", Instant.parse("2026-11-25T00:00:00Z"),
      ZoneOffset.UTC, Instant.parse("2026-11-24T04:16:00Z"), "kmsg");

  @Test
  void shouldParseARecordWithTheNetnsWording() {
    KmsgParser.Record r = KmsgParser.parse(
        "4,1923,1614217671,-;nf_conntrack: nf_conntrack: table full in netns 4026532176, dropping packet\n"
            + " SUBSYSTEM=net\n", CTX, "b1");
    assertThat(r.seq()).isEqualTo(1923);
    KernelMessage m = r.result().message();
    assertThat(m.message()).isEqualTo("nf_conntrack: nf_conntrack: table full in netns 4026532176, dropping packet");
    assertThat(m.timestamp()).isEqualTo(Instant.parse("2026-11-24T04:16:00Z").plusNanos(1_614_217_671_000L));
    assertThat(m.priority()).isEqualTo(4);
    assertThat(m.facility()).isZero();
    assertThat(m.cursor()).isEqualTo("b1:1923");
    assertThat(m.fromKernel()).isTrue();
    assertThat(KernelEvent.classify(m.message()).netns()).isEqualTo(4026532176L);
  }

  @Test
  void shouldDecodeEscapesAndCountGarbage() {
    assertThat(KmsgParser.parse("6,1,2,-;a\\x0ab", CTX, null).result().message().message()).isEqualTo("a\nb");
    assertThat(KmsgParser.parse("garbage", CTX, null).result().skipReason())
        .isEqualTo(SkipReason.UNRECOGNIZED_FORMAT);
    assertThat(KmsgParser.parse("x,y,z;m", CTX, null).result().skipReason())
        .isEqualTo(SkipReason.UNRECOGNIZED_FORMAT);
  }

  @Test
  void shouldParseWhatThisMachinesDevKmsgHolds() throws Exception {
    Path kmsg = Path.of("/dev/kmsg");
    Assumptions.assumeTrue(Files.isReadable(kmsg), "/dev/kmsg not readable here");
    // /dev/kmsg returns one record per read(); O_NONBLOCK is not available from Java, so read the first record only
    try (RandomAccessFile f = new RandomAccessFile(kmsg.toFile(), "r")) {
      byte[] buf = new byte[8192];
      int n = f.read(buf);
      KmsgParser.Record r = KmsgParser.parse(new String(buf, 0, n, StandardCharsets.UTF_8), CTX, "boot");
      assertThat(r.seq()).isGreaterThanOrEqualTo(0);
      assertThat(r.result().ok()).isTrue();
    }
  }
}
