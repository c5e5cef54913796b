package io.conntrackadvisor.core.parse;

import static org.assertj.core.api.Assertions.assertThat;

import io.conntrackadvisor.model.KernelMessage;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class LineParserTest {
  private static final ParseContext CTX =
      new ParseContext(null, Instant.parse("2026-11-25T00:00:00Z"), ZoneOffset.UTC, null, "file");

  private static KernelMessage ok(String line) {
    ParseResult r = LineParser.parse(line, CTX);
    assertThat(r.skipReason()).as(line).isNull();
    return r.message();
  }

  @Test
  void shouldParseRfc3164WithoutPri() {
    KernelMessage m = ok("Jul 17 14:55:13 rancher-agent-2 kernel: nf_conntrack: table full, dropping packet");
    assertThat(m.host()).isEqualTo("rancher-agent-2");
    assertThat(m.timestamp()).isEqualTo(Instant.parse("2026-07-17T14:55:13Z"));
    assertThat(m.identifier()).isEqualTo("kernel");
    assertThat(m.message()).isEqualTo("nf_conntrack: table full, dropping packet");
    assertThat(m.priority()).isNull();
    assertThat(m.fromKernel()).isTrue();
  }

  @Test
  void shouldParseOpenWrtLogreadWithTheYearAndNoHost() {
    // OpenWrt's logread: ctime stamp, facility.level, " kernel:" for the kernel's lines, no host
    ParseContext ctx = CTX.withDefaultHost("ap-1");
    KernelMessage m = LineParser.parse("Sat Sep  9 16:28:18 2017 kern.warn kernel: [65503.710000] nf_conntrack: "
        + "table full, dropping packet", ctx).message();
    assertThat(m.host()).isEqualTo("ap-1");
    assertThat(m.timestamp()).isEqualTo(Instant.parse("2017-09-09T16:28:18Z"));
    assertThat(m.identifier()).isEqualTo("kernel");
    assertThat(m.message()).isEqualTo("nf_conntrack: table full, dropping packet");
    assertThat(LineParser.parse("Sat Sep  9 16:28:18 2017 kern.warn kernel: x", CTX).skipReason())
        .isEqualTo(SkipReason.NO_HOST);
  }

  @Test
  void shouldTellBusyBoxsFacilityLevelFromAHostWithADot() {
    KernelMessage busybox = ok("Jul  3 10:07:53 gw-7 kern.warn kernel: nf_conntrack: table full, dropping packet");
    assertThat(busybox.host()).isEqualTo("gw-7");
    assertThat(busybox.identifier()).isEqualTo("kernel");
    KernelMessage dotted = ok("Jul  3 10:07:53 router.lan kernel: nf_conntrack: table full, dropping packet");
    assertThat(dotted.host()).isEqualTo("router.lan");
    assertThat(dotted.identifier()).isEqualTo("kernel");
    KernelMessage small = LineParser.parse("Jul  3 10:07:53 kernel: nf_conntrack: table full, dropping packet",
        CTX.withDefaultHost("gw-8")).message();
    assertThat(small.host()).isEqualTo("gw-8");
    assertThat(small.identifier()).isEqualTo("kernel");
  }

  @Test
  void shouldParseADateAndTimeWithASpaceAndMilliseconds() {
    KernelMessage m = ok("2023-11-02 08:01:12.345 k8s-node-3 kernel: nf_conntrack: table full, dropping packet");
    assertThat(m.timestamp()).isEqualTo(Instant.parse("2023-11-02T08:01:12.345Z"));
    assertThat(m.host()).isEqualTo("k8s-node-3");
  }

  @Test
  void shouldReadKernelLinesWithoutStampAsUnstampedAtTheContextsTime() {
    ParseContext ctx = CTX.withDefaultHost("paste");
    for (String line : new String[] {"kernel: nf_conntrack: table full, dropping packet",
        "obs kernel: [38775494.392631] nf_conntrack: table full, dropping packet",
        "nf_conntrack: table full, dropping packet", "<4>[ 1465.133062] nf_conntrack: table full, dropping packet"}) {
      ParseResult r = LineParser.parse(line, ctx);
      assertThat(r.stamped()).as(line).isFalse();
      assertThat(r.message().host()).isEqualTo("paste");
      assertThat(r.message().timestamp()).isEqualTo(CTX.now());
      assertThat(r.message().fromKernel()).isTrue();
      assertThat(r.message().message()).isEqualTo("nf_conntrack: table full, dropping packet");
    }
    // with a boot time, the kernel's uptime is the time
    ParseResult booted = LineParser.parse("obs kernel: [100.5] nf_conntrack: table full, dropping packet",
        new ParseContext("paste", CTX.now(), ZoneOffset.UTC, Instant.parse("2026-03-01T00:00:00Z"), "file"));
    assertThat(booted.stamped()).isTrue();
    assertThat(booted.message().timestamp()).isEqualTo(Instant.parse("2026-03-01T00:01:40.5Z"));
    // an application quoting the words, and two words before "kernel:", are no kernel line
    assertThat(LineParser.parse("myapp: nf_conntrack: table full, dropping packet", ctx).skipReason())
        .isEqualTo(SkipReason.UNRECOGNIZED_FORMAT);
    assertThat(LineParser.parse("1701432000 fw01 kernel: nf_conntrack: table full, dropping packet", ctx)
        .skipReason()).isEqualTo(SkipReason.UNRECOGNIZED_FORMAT);
  }

  @Test
  void shouldParseRfc3164WithPriAndSingleDigitDay() {
    KernelMessage m = ok("<4>Mar  2 08:14:56 old-nat-1 kernel: ip_conntrack: table full, dropping packet.");
    assertThat(m.priority()).isEqualTo(4);
    assertThat(m.facility()).isZero();
    assertThat(m.timestamp()).isEqualTo(Instant.parse("2026-03-02T08:14:56Z"));
  }

  @Test
  void shouldPutA3164StampThatWouldBeInTheFutureInThePreviousYear() {
    KernelMessage m = ok("Dec 31 23:59:59 h kernel: x");
    assertThat(m.timestamp()).isEqualTo(Instant.parse("2025-12-31T23:59:59Z"));
  }

  @Test
  void shouldParseRfc5424AndSkipStructuredData() {
    KernelMessage m = ok("<13>1 2026-03-02T08:15:09.000001Z lb-edge-2 app 4242 - [meta x=\"1\" y=\"a\\]b\"] "
        + "hello world");
    assertThat(m.host()).isEqualTo("lb-edge-2");
    assertThat(m.identifier()).isEqualTo("app");
    assertThat(m.message()).isEqualTo("hello world");
    assertThat(m.priority()).isEqualTo(5);
    assertThat(m.facility()).isEqualTo(1);
    assertThat(m.fromKernel()).isFalse();
  }

  @Test
  void shouldParseRsyslogHighPrecisionLinesAndDropTheUptimePrefix() {
    KernelMessage m = ok("2026-03-02T08:14:55.120418+00:00 lb-edge-1 kernel: [38775494.392631] nf_conntrack: "
        + "table full, dropping packet");
    assertThat(m.timestamp()).isEqualTo(Instant.parse("2026-03-02T08:14:55.120418Z"));
    assertThat(m.message()).isEqualTo("nf_conntrack: table full, dropping packet");
  }

  @Test
  void shouldParseJournalctlShortIsoWithCompactOffset() {
    KernelMessage m = ok("2026-03-02T09:14:55+0100 k8s-node-7 kernel: nf_conntrack: table full, dropping packet");
    assertThat(m.timestamp()).isEqualTo(Instant.parse("2026-03-02T08:14:55Z"));
    assertThat(m.host()).isEqualTo("k8s-node-7");
  }

  @Test
  void shouldParseDmesgUptimeAndHumanStampsWithTheDefaultHost() {
    ParseContext ctx = new ParseContext("h1", CTX.now(), ZoneOffset.UTC,
        Instant.parse("2026-03-02T08:00:00Z"), "file");
    KernelMessage up = LineParser.parse("[ 1465.133062] nf_conntrack: table full, dropping packet", ctx).message();
    assertThat(up.timestamp()).isEqualTo(Instant.parse("2026-03-02T08:24:25.133062Z"));
    assertThat(up.host()).isEqualTo("h1");
    assertThat(up.fromKernel()).isTrue();
    KernelMessage human = LineParser.parse("[Mon Mar  2 08:14:55 2026] nf_conntrack: table full", ctx).message();
    assertThat(human.timestamp()).isEqualTo(Instant.parse("2026-03-02T08:14:55Z"));
  }

  @Test
  void shouldCountWhatIsNotALogLine() {
    assertThat(LineParser.parse("this line is not syslog at all", CTX).skipReason())
        .isEqualTo(SkipReason.UNRECOGNIZED_FORMAT);
    assertThat(LineParser.parse("", CTX).skipReason()).isEqualTo(SkipReason.EMPTY);
    assertThat(LineParser.parse("Jul 99 14:55:13 h kernel: x", CTX).skipReason())
        .isEqualTo(SkipReason.BAD_TIMESTAMP);
    assertThat(LineParser.parse("{\"MESSAGE\":", CTX).skipReason()).isEqualTo(SkipReason.BAD_JSON);
    assertThat(LineParser.parse("[ 12.5] no host given", CTX).skipReason()).isEqualTo(SkipReason.NO_HOST);
  }

  @Test
  void shouldDecodeAJournalMessageGivenAsByteValues() {
    String line = "{\"MESSAGE\":[110,102,95,99,111,110,110,116,114,97,99,107,58,32,116,97,98,108,101,32,102,117,"
        + "108,108,44,32,100,114,111,112,112,105,110,103,32,112,97,99,107,101,116,255],"
        + "\"__REALTIME_TIMESTAMP\":\"1772439300000100\",\"_HOSTNAME\":\"n1\",\"_TRANSPORT\":\"kernel\","
        + "\"PRIORITY\":\"4\",\"__CURSOR\":\"s=1\"}";
    KernelMessage m = ok(line);
    assertThat(m.message()).startsWith("nf_conntrack: table full, dropping packet").endsWith("\uFFFD");
    assertThat(m.timestamp()).isEqualTo(Instant.parse("2026-03-02T08:15:00.000100Z"));
    assertThat(m.cursor()).isEqualTo("s=1");
    assertThat(m.source()).isEqualTo("file");
    assertThat(KernelEvent.classify(m.message()).kind()).isEqualTo(KernelEvent.Kind.TABLE_FULL);
  }
}
