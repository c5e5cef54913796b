package io.conntrackadvisor.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.conntrackadvisor.model.Json;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class AnalyzeCommandTest {
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    CommandLine cl = Main.commandLine();
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    return cl.execute(args);
  }

  private static String fixture(String rel) {
    return Path.of(System.getProperty("fixtures.dir")).resolve(rel).toString();
  }

  @Test
  void shouldPrintOneJsonObjectPerLineOrderedByTime() throws Exception {
    int rc = run("analyze", "--format", "json", fixture("logs/messages-seed.log"), "--proc-root",
        fixture("proc/k6-docker-host"));

    assertThat(rc).isZero();
    List<String> lines = out.toString().lines().toList();
    assertThat(lines).hasSize(3);
    assertThat(Json.mapper().readTree(lines.get(0)).get("type").asText()).isEqualTo("burst");
    assertThat(Json.mapper().readTree(lines.get(2)).get("recommended").get("net.netfilter.nf_conntrack_max")
        .asLong()).isEqualTo(254110L);
    assertThat(err.toString()).contains("summary: lines read: 11").contains("kernel conntrack messages: 8");
  }

  @Test
  void shouldReadADumpOfAShippersTopicInItsFormat() throws Exception {
    int rc = run("analyze", "--format", "json", "--input-format", "vector", fixture("shippers/vector-journald.json"),
        fixture("shippers/vector-syslog.json"));

    assertThat(rc).isZero();
    List<String> lines = out.toString().lines().toList();
    assertThat(lines).extracting(l -> Json.mapper().readTree(l).get("host").asText())
        .contains("vec-node-1", "vec-node-2");
    assertThat(err.toString()).contains("lines read: 6").contains("kernel conntrack messages: 4")
        .contains("ignored (not from the kernel): 2");
    assertThat(run("analyze", "--input-format", "gelf", fixture("shippers/vector-syslog.json"))).isEqualTo(2);
    assertThat(err.toString()).contains("unknown input format 'gelf'");
  }

  @Test
  void shouldPrintAReadableReportByDefault() {
    int rc = run("analyze", fixture("logs/dmesg-ratelimit.txt"), "--host", "docker-7");

    assertThat(rc).isZero();
    assertThat(out.toString()).contains("docker-7").contains("7 table-full lines + 43718 suppressed")
        .contains("CRITICAL").contains("No conntrack sample for this host");
  }

  @Test
  void shouldReadGzippedLogsTransparently(@TempDir Path dir) throws Exception {
    Path gz = dir.resolve("messages.1.gz");
    try (GZIPOutputStream z = new GZIPOutputStream(Files.newOutputStream(gz))) {
      z.write(Files.readAllBytes(Path.of(fixture("logs/messages-seed.log"))));
    }
    assertThat(run("analyze", "--format", "json", gz.toString())).isZero();
    assertThat(out.toString()).contains("\"messages\":7").contains("\"suppressed\":412");
  }

  @Test
  void shouldSayWhichLinesLookedLikeConntrackMessagesInAFormatNoParserKnows() throws Exception {
    // pipe-separated fields of some appliance's export: no parser reads them, but they say "table full"
    int rc = run("analyze", "--format", "json", fixture("logs/wild/unknown-format.log"));

    assertThat(rc).isZero();
    List<String> lines = out.toString().lines().toList();
    assertThat(lines).hasSize(1);
    assertThat(lines.get(0)).isEqualTo("{\"type\":\"summary\",\"linesRead\":4,\"kernelMessages\":0,\"unread\":"
        + "{\"unrecognized-format\":{\"lines\":3,\"example\":\"2026/03/02 08:14:55|fw01|kern|warning|nf_conntrack: "
        + "table full, dropping packet\"}}}");
    assertThat(err.toString()).contains("unread: 3 lines looked like conntrack messages but were not understood: "
        + "unrecognized-format 3 (e.g. \"2026/03/02 08:14:55|fw01|kern|warning|nf_conntrack: table full, dropping "
        + "packet\")");

    out.getBuffer().setLength(0);
    assertThat(run("analyze", fixture("logs/wild/unknown-format.log"))).isZero();
    assertThat(out.toString()).contains("none: no table-full messages")
        .contains("3 lines looked like conntrack messages in a format not understood");
  }

  @Test
  void shouldPrintNoSummaryObjectWhenEveryConntrackLineWasUnderstood() {
    assertThat(run("analyze", "--format", "json", fixture("logs/kern-mixed.log"))).isZero();
    assertThat(out.toString()).doesNotContain("summary");
    assertThat(err.toString()).doesNotContain("unread");
  }

  @Test
  void shouldExitWithTwoAndOneLineForUnreadableInput() {
    assertThat(run("analyze", "/nonexistent/messages")).isEqualTo(2);
    assertThat(err.toString().lines()).hasSize(1).first().asString()
        .isEqualTo("analyze: cannot read /nonexistent/messages: no such file");
  }

  @Test
  void shouldExitWithTwoForUsageErrors() {
    assertThat(run("analyze")).isEqualTo(2);
    assertThat(run("analyze", "--format", "xml", "x")).isEqualTo(2);
    assertThat(run("analyze", "--burst-gap", "soon", "x")).isEqualTo(2);
    assertThat(err.toString()).contains("nothing to analyze").contains("--format must be text or json")
        .contains("--burst-gap must be a duration").doesNotContain("Exception");
  }

  @Test
  void shouldRejectASampleFileWithoutTheExpectedHeader(@TempDir Path dir) throws Exception {
    Path bad = dir.resolve("bad.csv");
    Files.writeString(bad, "when,who\n1,2\n");
    assertThat(run("analyze", "--samples", bad.toString())).isEqualTo(2);
    assertThat(err.toString()).contains("expected JSON lines or a CSV header");
  }
}
