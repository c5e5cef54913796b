package io.conntrackadvisor.core.parse;

import static org.assertj.core.api.Assertions.assertThat;

import io.conntrackadvisor.model.KernelMessage;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class JournalJsonParserTest {
  private static final ParseContext CTX =
      new ParseContext("agent", Instant.parse("2026-11-25T00:00:00Z"), ZoneOffset.UTC, null, "journald");

  private static JournalEntry read(String json) {
    byte[] b = ("xx" + json + "yy").getBytes(StandardCharsets.UTF_8);
    return JournalJsonParser.read(b, 2, b.length - 4);
  }

  @Test
  void shouldKeepTheFieldsAMessageNeedsAndSkipTheOthersWhateverTheirShape() {
    JournalEntry e = read("{\"_CMDLINE\":{\"a\":[1,{\"b\":2}]},\"__CURSOR\":\"s=1\",\"_PID\":[1,2],"
        + "\"MESSAGE\":\"nf_conntrack: table full, dropping packet\",\"__REALTIME_TIMESTAMP\":\"1772439300000100\","
        + "\"PRIORITY\":4,\"SYSLOG_FACILITY\":\"0\",\"_TRANSPORT\":\"kernel\",\"_BOOT_ID\":null,"
        + "\"SYSLOG_IDENTIFIER\":[107,101,114,110,101,108],\"_HOSTNAME\":\"n1\"}");

    KernelMessage m = e.toMessage(CTX).message();
    assertThat(e.messageBytes()).isNull();
    assertThat(m).isEqualTo(new KernelMessage("n1", Instant.parse("2026-03-02T08:15:00.000100Z"), null, 4, 0,
        "kernel", "journald", "kernel", "nf_conntrack: table full, dropping packet", "s=1"));
  }

  @Test
  void shouldKeepTheBytesOfAMessageGivenAsByteValues() {
    JournalEntry e = read("{\"MESSAGE\":[104,105,255],\"__CURSOR\":\"c\"}");

    assertThat(e.messageBytes()).containsExactly(104, 105, 255);
    assertThat(e.message()).isEqualTo("hi\uFFFD");
    assertThat(e.toMessage(CTX).skipReason()).isEqualTo(SkipReason.BAD_TIMESTAMP);
  }

  @Test
  void shouldTakeTheDefaultHostWhenTheEntryHasNone() {
    KernelMessage m = read("{\"MESSAGE\":\"x\",\"__REALTIME_TIMESTAMP\":\"1\",\"_HOSTNAME\":\"\"}").toMessage(CTX)
        .message();

    assertThat(m.host()).isEqualTo("agent");
    assertThat(m.timestamp()).isEqualTo(Instant.parse("1970-01-01T00:00:00.000001Z"));
  }

  @Test
  void shouldSkipAMessageArrayThatIsNotOfByteValues() {
    JournalEntry e = read("{\"MESSAGE\":[104,\"i\",[1]],\"__REALTIME_TIMESTAMP\":\"1\",\"__CURSOR\":\"c\"}");

    assertThat(e.cursor()).isEqualTo("c");
    assertThat(e.toMessage(CTX).skipReason()).isEqualTo(SkipReason.BAD_JSON);
  }

  @Test
  void shouldReadNoEntryFromWhatIsNotAWholeJsonObject() {
    assertThat(read("")).isNull();
    assertThat(read("[1,2]")).isNull();
    assertThat(read("{\"MESSAGE\":[104,105")).isNull();
    assertThat(read("{\"MESSAGE\":\"x\"")).isNull();
    assertThat(JournalJsonParser.parse("{\"MESSAGE\":\"x\",", CTX).skipReason()).isEqualTo(SkipReason.BAD_JSON);
  }
}
