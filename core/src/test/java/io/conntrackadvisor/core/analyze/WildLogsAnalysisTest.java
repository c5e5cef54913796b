package io.conntrackadvisor.core.analyze;

import static org.assertj.core.api.Assertions.assertThat;

import io.conntrackadvisor.core.Fixtures;
import io.conntrackadvisor.core.detect.DetectorConfig;
import io.conntrackadvisor.core.parse.ParseContext;
import io.conntrackadvisor.core.parse.SkipReason;
import io.conntrackadvisor.core.recommend.RecommenderConfig;
import io.conntrackadvisor.model.BurstFinding;
import io.conntrackadvisor.model.TimeEstimate;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kernel logs as they are found in the wild (examples/fixtures/logs/wild, each written from its format's definition):
 * every table-full line and every suppressed or repeated drop is counted with the right host, burst and time, and
 * the traps count nothing. Each test names the format and the era it stands for. Files are read from a copy whose
 * modification time the test sets, since lines without a stamp take it.
 */
class WildLogsAnalysisTest {
  private static final Instant NOW = Instant.parse("2026-11-25T00:00:00Z");
  private static final Instant MTIME = Instant.parse("2026-11-20T09:30:00Z");

  @TempDir
  Path dir;

  private AnalysisResult analyze(String name, String host) throws Exception {
    Path copy = dir.resolve(name);
    Files.copy(Fixtures.path("logs/wild/" + name), copy, StandardCopyOption.REPLACE_EXISTING);
    Files.setLastModifiedTime(copy, FileTime.from(MTIME));
    Analyzer a = new Analyzer(DetectorConfig.defaults(), RecommenderConfig.defaults(),
        new ParseContext(host, NOW, ZoneOffset.UTC, null, "file"));
    a.addLog(copy);
    return a.run();
  }

  private static List<BurstFinding> bursts(AnalysisResult r) {
    return r.findings().stream().filter(BurstFinding.class::isInstance).map(BurstFinding.class::cast).toList();
  }

  private static Instant t(String iso) {
    return Instant.parse(iso);
  }

  @Test
  void shouldReadOpenWrtLogreadWithItsYearAndNoHost() throws Exception {
    // OpenWrt / LEDE 17.01 logd + logread (ubox), kernel 4.4: ctime stamp with the year, facility.level, no host
    assertThat(bursts(analyze("openwrt-logread.log", "ap-kitchen"))).containsExactly(BurstFinding.of("ap-kitchen",
        null, t("2017-09-09T16:28:18Z"), t("2017-09-09T16:28:41Z"), 4, 112, true));
    assertThat(bursts(analyze("openwrt-logread.log", null))).extracting(BurstFinding::host)
        .containsExactly("openwrt-logread.log");
  }

  @Test
  void shouldReadBusyBoxSyslogdWithAndWithoutTheHost() throws Exception {
    // BusyBox 1.25 syslogd -S (no host: "kernel:" is the tag), and without -S (host, then facility.level)
    assertThat(bursts(analyze("busybox-syslogd-S.log", null))).containsExactly(BurstFinding.of(
        "busybox-syslogd-S.log", null, t("2026-07-03T10:07:53Z"), t("2026-07-03T10:07:58Z"), 3, 35, true));
    assertThat(bursts(analyze("busybox-syslogd.log", "ignored"))).containsExactly(BurstFinding.of("gw-7", null,
        t("2026-07-03T10:07:53Z"), t("2026-07-03T10:07:58Z"), 3, 35, true));
  }

  @Test
  void shouldReadJournalExportsWithASpaceAndMilliseconds() throws Exception {
    // a journal exported by a log platform, kernel 5.x with the doubled prefix: "2023-11-02 08:01:12.345 HOST"
    assertThat(bursts(analyze("journal-export-space.log", null))).containsExactly(BurstFinding.of("k8s-node-3",
        null, t("2023-11-02T08:01:12.345Z"), t("2023-11-02T08:01:17.403Z"), 3, 2817, true));
  }

  @Test
  void shouldCountPastedKernelLinesWithoutStampAtTheFilesTimeAndSaySo() throws Exception {
    // a kern.log excerpt whose syslog prefix the paster cut off ("kernel: nf_conntrack: ..."), its first line cut
    // within the host name ("obs kernel: [uptime] ...")
    assertThat(bursts(analyze("paste-kernel-prefix.txt", "paste-1"))).containsExactly(BurstFinding.of("paste-1",
        null, MTIME, MTIME, 4, 9, true).withTimeEstimated(TimeEstimate.FILE_MTIME));
  }

  @Test
  void shouldCountBarePrintkTextOfA2632KernelWithTheOldRateLimiterWording() throws Exception {
    // a console or a mail: bare printk text of CentOS 6 (2.6.32): "__ratelimit: N callbacks suppressed"
    assertThat(bursts(analyze("console-printk.txt", null))).containsExactly(BurstFinding.of("console-printk.txt",
        null, MTIME, MTIME, 4, 17, true).withTimeEstimated(TimeEstimate.FILE_MTIME));
  }

  @Test
  void shouldAddSysklogdsLastMessageRepeatedToTheTableFullLineBeforeIt() throws Exception {
    // sysklogd (and early rsyslog) with repeated-message reduction, kernel 2.6.32: N more table-full messages,
    // but not when the line before is another program's
    AnalysisResult r = analyze("sysklogd-last-message-repeated.log", null);
    assertThat(bursts(r)).containsExactly(BurstFinding.of("fw-1", null, t("2026-05-04T10:00:01Z"),
        t("2026-05-04T10:01:05Z"), 1 + 14 + 9 + 1, 211, true));
  }

  @Test
  void shouldAddRsyslogsMessageRepeatedSummary() throws Exception {
    // rsyslog 8 with $RepeatedMsgReduction on, kernel 4.x: "message repeated N times: [ text]"
    assertThat(bursts(analyze("rsyslog-message-repeated.log", null))).containsExactly(BurstFinding.of("edge-4",
        null, t("2019-06-21T12:02:11.482133Z"), t("2019-06-21T12:02:44.310090Z"), 1 + 27 + 1, 640, true));
  }

  @Test
  void shouldCountTheNetMessagesSuppressedOfLinux24() throws Exception {
    // sysklogd on Linux 2.4: ip_conntrack with a period, "NET: N messages suppressed."
    assertThat(bursts(analyze("linux24-net-suppressed.log", null))).containsExactly(BurstFinding.of("gw24", null,
        t("2026-01-12T03:14:07Z"), t("2026-01-12T03:14:12Z"), 3, 47, true));
  }

  @Test
  void shouldKeepTheOpenVzContainerOfEachBurst() throws Exception {
    // OpenVZ 2.6.18 (RHEL 5 era): "ip_conntrack: VPS N table full", "printk: N messages suppressed."
    assertThat(bursts(analyze("openvz-vps.log", null))).containsExactly(
        BurstFinding.of("hn-3", null, 205L, t("2026-03-14T09:21:43Z"), t("2026-03-14T09:21:43Z"), 1, 0, true),
        BurstFinding.of("hn-3", null, 101L, t("2026-03-14T09:21:44Z"), t("2026-03-14T09:21:49Z"), 3, 58, true));
  }

  @Test
  void shouldCountLinesCutAfterTheComma() throws Exception {
    // a paste of rsyslog's kern.log (kernel 4.x) whose messages were cut after "table full," by a line limit
    assertThat(bursts(analyze("pasted-truncated.log", null))).containsExactly(BurstFinding.of("lb-edge-1", null,
        t("2026-03-02T08:14:55.120418Z"), t("2026-03-02T08:14:56.002113Z"), 3, 0, true));
  }

  @Test
  void shouldCountNothingInTheTraps() throws Exception {
    // expectation table full, vmalloc, alloc failures, applications and kube-proxy quoting the words, a repetition
    // of another program's line or of a trap
    AnalysisResult r = analyze("traps.log", null);
    assertThat(r.findings()).isEmpty();
    assertThat(r.stats().unreadLines()).isZero();
  }

  @Test
  void shouldShowLinesThatLookLikeConntrackMessagesInAFormatNoParserKnows() throws Exception {
    AnalysisResult r = analyze("unknown-format.log", null);

    assertThat(r.findings()).isEmpty();
    assertThat(r.stats().unread()).containsOnlyKeys(SkipReason.UNRECOGNIZED_FORMAT);
    assertThat(r.stats().unread().get(SkipReason.UNRECOGNIZED_FORMAT)).isEqualTo(new ScanStats.Unread(3,
        "2026/03/02 08:14:55|fw01|kern|warning|nf_conntrack: table full, dropping packet"));
    assertThat(r.stats().unreadSummary()).isEqualTo("unread: 3 lines looked like conntrack messages but were not "
        + "understood: unrecognized-format 3 (e.g. \"2026/03/02 08:14:55|fw01|kern|warning|nf_conntrack: table full, "
        + "dropping packet\")");
    StringBuilder report = new StringBuilder();
    TextReport.write(r, report::append);
    assertThat(report.toString()).contains("none: no table-full messages")
        .contains("3 lines looked like conntrack messages in a format not understood");
  }

  @Test
  void shouldGiveALineWithoutStampTheTimeOfTheStampedLineBeforeIt() throws Exception {
    String log = "Jul 17 14:55:13 rancher-agent-2 systemd[1]: Started Session 41 of user ansible.\n"
        + "kernel: nf_conntrack: table full, dropping packet\n"
        + "kernel: nf_conntrack: table full, dropping packet\n";
    Analyzer a = new Analyzer(DetectorConfig.defaults(), RecommenderConfig.defaults(),
        new ParseContext("rancher-agent-2", NOW, ZoneOffset.UTC, null, "file"));
    a.addLog(new ByteArrayInputStream(log.getBytes(StandardCharsets.UTF_8)));

    assertThat(bursts(a.run())).containsExactly(BurstFinding.of("rancher-agent-2", null, t("2026-07-17T14:55:13Z"),
        t("2026-07-17T14:55:13Z"), 2, 0, true).withTimeEstimated(TimeEstimate.PRECEDING_LINE));
  }

  @Test
  void shouldKnowTheLinesBeforeAPartOfAFileScannedInParallel() throws Exception {
    // the part before ended with a stamped table-full line; the part starts with a repetition summary of it and a
    // line without stamp
    byte[] before = "May  4 10:00:01 fw-1 kernel: nf_conntrack: table full, dropping packet.\n"
        .getBytes(StandardCharsets.US_ASCII);
    String part = "May  4 10:00:31 fw-1 last message repeated 14 times\n"
        + "kernel: nf_conntrack: table full, dropping packet\n";
    List<String> seen = new ArrayList<>();
    LogScanner scanner = new LogScanner(new ParseContext("fw-1", NOW, ZoneOffset.UTC, null, "file"),
        new ScanStats(), MTIME, TimeEstimate.FILE_MTIME, (m, e) -> seen.add(m.timestamp() + " " + e + " "
        + m.message()));
    scanner.prime(before);
    scanner.scan(new ByteArrayInputStream(part.getBytes(StandardCharsets.US_ASCII)));

    assertThat(seen).containsExactly(
        "2026-05-04T10:00:31Z null message repeated 14 times: [nf_conntrack: table full, dropping packet.]",
        "2026-05-04T10:00:31Z PRECEDING_LINE nf_conntrack: table full, dropping packet");
  }
}
