package io.conntrackadvisor.core.parse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.conntrackadvisor.core.Fixtures;
import io.conntrackadvisor.model.Json;
import io.conntrackadvisor.model.KernelMessage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/**
 * The formats of the topics log shippers fill, on the records of {@code examples/fixtures/shippers} (shaped as each
 * shipper's documentation says; the fixtures' README cites the pages) and on the templates the README documents.
 */
class InputFormatTest {
  private static final ParseContext CTX =
      new ParseContext(null, Instant.parse("2026-11-25T00:00:00Z"), ZoneOffset.UTC, null, null);

  private static List<DecodedRecord> decode(String fixture, String format) throws IOException {
    InputFormat f = InputFormat.of(format, Map.of());
    return Files.readAllLines(Fixtures.path("shippers/" + fixture), StandardCharsets.UTF_8).stream()
        .map(l -> f.decode(l, CTX)).toList();
  }

  @ParameterizedTest
  @CsvSource({
      "fluent-bit-systemd.json, fluent-bit, fb-node-1, 5, 1, 2026-03-02T09:00:00.120418Z",
      "fluent-bit-syslog.json, fluent-bit, fb-node-2, 3, 1, 2026-03-02T09:01:40Z",
      "vector-journald.json, vector, vec-node-1, 2, 1, 2026-03-02T09:10:00.250Z",
      "vector-syslog.json, vector, vec-node-2, 2, 1, 2026-03-02T09:15:00Z",
      "filebeat-journald.json, ecs, beat-node-1, 2, 1, 2026-03-02T09:20:00Z",
      "filebeat-syslog.json, ecs, beat-node-2, 2, 1, 2026-03-02T09:25:00Z"})
  void shouldReadTheKernelsMessagesOfAShippersRecordsAndSkipTheOthers(String fixture, String format, String host,
      int kernel, int others, String firstTime) throws IOException {
    for (String f : List.of(format, "auto")) {
      List<DecodedRecord> records = decode(fixture, f);

      List<KernelMessage> messages = records.stream().filter(r -> r.outcome() == DecodedRecord.Outcome.KERNEL)
          .map(DecodedRecord::message).toList();
      assertThat(messages).as(f).hasSize(kernel).allSatisfy(m -> {
        assertThat(m.host()).isEqualTo(host);
        assertThat(m.fromKernel()).isTrue();
      });
      assertThat(messages.get(0).timestamp()).isEqualTo(Instant.parse(firstTime));
      assertThat(records).filteredOn(r -> r.outcome() == DecodedRecord.Outcome.OTHER).hasSize(others);
      assertThat(messages).filteredOn(m -> KernelEvent.classify(m.message()).kind() == KernelEvent.Kind.TABLE_FULL)
          .hasSizeGreaterThanOrEqualTo(2);
    }
  }

  @Test
  void shouldReadJournalctlJsonAsTheAnalyzerDoesAndSkipOtherTransports() throws IOException {
    List<String> lines = Files.readAllLines(Fixtures.path("journal/kernel.json"), StandardCharsets.UTF_8);
    for (String format : List.of("journald", "auto")) {
      InputFormat f = InputFormat.of(format, Map.of());
      List<DecodedRecord> records = lines.stream().map(l -> f.decode(l, CTX)).toList();
      List<KernelMessage> direct = lines.stream().map(l -> JournalJsonParser.parse(l, CTX).message())
          .filter(m -> m != null && m.fromKernel()).toList();

      assertThat(records).filteredOn(r -> r.outcome() == DecodedRecord.Outcome.KERNEL).extracting(r -> r.message()
          .message()).as(format).containsExactlyElementsOf(direct.stream().map(KernelMessage::message).toList());
      assertThat(records).filteredOn(r -> r.outcome() == DecodedRecord.Outcome.OTHER).as(format).hasSize(2);
    }
  }

  @Test
  void shouldReadJournalsByteArrayMessages() throws IOException {
    KernelMessage m = decode("fluent-bit-systemd.json", "fluent-bit").get(3).message();

    assertThat(m.message()).startsWith("nf_conntrack: table full, dropping packet ").endsWith("\uFFFD");
  }

  @Test
  void shouldReadTheReadmesRsyslogTemplateAndSyslogNgsFormatJson() {
    String rsyslog = "{\"timestamp\":\"2026-03-02T08:14:55.120418+00:00\",\"host\":\"lb-edge-1\","
        + "\"facility\":\"kern\",\"severity\":\"warning\",\"tag\":\"kernel:\",\"program\":\"kernel\","
        + "\"message\":\" nf_conntrack: table full, dropping packet\"}";
    String syslogNg = "{\"PROGRAM\":\"kernel\",\"PRIORITY\":\"warning\",\"MESSAGE\":\"nf_conntrack: table full, "
        + "dropping packet\",\"HOST\":\"lb-edge-2\",\"FACILITY\":\"kern\",\"DATE\":\"Mar  2 08:14:56\"}";

    KernelMessage a = InputFormat.of("rsyslog-json", Map.of()).decode(rsyslog, CTX).message();
    KernelMessage b = InputFormat.of("syslog-ng-json", Map.of()).decode(syslogNg, CTX).message();

    assertThat(a.host()).isEqualTo("lb-edge-1");
    assertThat(a.timestamp()).isEqualTo(Instant.parse("2026-03-02T08:14:55.120418Z"));
    assertThat(a.facility()).isZero();
    assertThat(a.identifier()).isEqualTo("kernel");
    assertThat(KernelEvent.classify(a.message()).kind()).isEqualTo(KernelEvent.Kind.TABLE_FULL);
    assertThat(b.host()).isEqualTo("lb-edge-2");
    assertThat(b.timestamp()).isEqualTo(Instant.parse("2026-03-02T08:14:56Z"));
    assertThat(b.priority()).isEqualTo(4);
  }

  @Test
  void shouldReadRawSyslogLinesWithTheLineParserAndSkipOtherPrograms() {
    InputFormat syslog = InputFormat.of("syslog", Map.of());

    DecodedRecord kernel = syslog.decode(
        "2026-03-02T08:14:55.120418+00:00 lb-edge-1 kernel: [38775494.392631] nf_conntrack: table full, dropping "
            + "packet", CTX);
    DecodedRecord app = syslog.decode("Mar  2 08:14:56 web-1 myapp[77]: nf_conntrack: table full, dropping packet",
        CTX);
    DecodedRecord junk = syslog.decode("hello", CTX);

    assertThat(kernel.message().host()).isEqualTo("lb-edge-1");
    assertThat(kernel.message().source()).isEqualTo("syslog");
    assertThat(app.outcome()).isEqualTo(DecodedRecord.Outcome.OTHER);
    assertThat(junk.outcome()).isEqualTo(DecodedRecord.Outcome.UNREADABLE);
    assertThat(junk.reason()).contains("unrecognized-format");
  }

  @Test
  void shouldTakeAHomeMadeTemplatesPathsFromSettings() {
    InputFormat json = InputFormat.of("json", Map.of("host", "origin.node", "time", "ts", "message", "line",
        "tag", "origin.prog"));
    String record = "{\"ts\":1772439295.5,\"origin\":{\"node\":\"edge-9\",\"prog\":\"kernel\"},"
        + "\"line\":\"nf_conntrack: table full, dropping packet\"}";

    KernelMessage m = json.decode(record, CTX).message();

    assertThat(m.host()).isEqualTo("edge-9");
    assertThat(m.timestamp()).isEqualTo(Instant.parse("2026-03-02T08:14:55.500Z"));
    assertThatThrownBy(() -> InputFormat.of("json", Map.of("hots", "x"))).hasMessageContaining("unknown JSON field");
    assertThatThrownBy(() -> InputFormat.of("gelf", Map.of())).hasMessageContaining("rsyslog-json");
  }

  @Test
  void shouldSayWhyARecordCannotBeRead() {
    InputFormat vector = InputFormat.of("vector", Map.of());

    assertThat(vector.decode("not json", CTX).reason()).startsWith("not JSON");
    assertThat(vector.decode("[1,2]", CTX).reason()).isEqualTo("not a JSON object");
    assertThat(vector.decode("{\"host\":\"a\",\"appname\":\"kernel\"}", CTX).reason()).startsWith("no message");
    assertThat(vector.decode("{\"appname\":\"kernel\",\"message\":\"x\",\"timestamp\":\"2026-03-02T09:15:00Z\"}",
        CTX).reason()).startsWith("no host");
    assertThat(vector.decode("{\"appname\":\"kernel\",\"message\":\"x\",\"host\":\"a\",\"timestamp\":\"soon\"}",
        CTX).reason()).isEqualTo("unreadable time 'soon'");
  }

  @Test
  void shouldReadTheContractAsTheStreamsApplicationWritesIt() {
    KernelMessage m = new KernelMessage("web-1", Instant.parse("2026-03-02T08:00:00Z"), null, 4, 0, "kernel",
        "journald", "kernel", "nf_conntrack: table full, dropping packet", null);

    assertThat(InputFormat.of("contract", Map.of()).decode(Json.write(m), CTX).message()).isEqualTo(m);
    assertThat(InputFormat.of("auto", Map.of()).decode(Json.write(m), CTX).message().host()).isEqualTo("web-1");
  }
}
