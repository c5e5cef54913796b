package io.conntrackadvisor.core.parse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import io.conntrackadvisor.core.Fixtures;
import io.conntrackadvisor.core.analyze.LogScanner;
import io.conntrackadvisor.core.analyze.ScanStats;
import io.conntrackadvisor.core.analyze.SampleReader;
import io.conntrackadvisor.core.proc.ConntrackStats;
import io.conntrackadvisor.model.TimeEstimate;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Random, truncated and mutated input to every parser: no exception escapes and every line is accounted for.
 * Seeds are fixed so a failure reproduces.
 */
class ParserFuzzTest {
  private static final ParseContext CTX =
      new ParseContext("h", Instant.parse("2026-11-25T00:00:00Z"), ZoneOffset.UTC, null, "file");
  private static final int ROUNDS = 20_000;

  private static List<String> seeds() throws Exception {
    List<String> lines = new ArrayList<>();
    for (String rel : List.of("logs/messages-seed.log", "logs/kern-mixed.log", "logs/dmesg-ratelimit.txt",
        "journal/kernel.json")) {
      lines.addAll(Files.readAllLines(Fixtures.path(rel)));
    }
    return lines;
  }

  @Test
  void shouldNeverThrowOnTruncatedOrMutatedRealLines() throws Exception {
    List<String> seeds = seeds();
    Random rnd = new Random(42);
    for (int i = 0; i < ROUNDS; i++) {
      String s = seeds.get(rnd.nextInt(seeds.size()));
      String fuzzed = switch (rnd.nextInt(4)) {
        case 0 -> s.substring(0, rnd.nextInt(s.length() + 1));
        case 1 -> s.substring(rnd.nextInt(s.length() + 1));
        case 2 -> mutate(s, rnd);
        default -> s.substring(0, rnd.nextInt(s.length() + 1)) + randomText(rnd, 20);
      };
      ParseResult r = LineParser.parse(fuzzed, CTX);
      assertThat(r.ok() ^ (r.skipReason() != null)).as(fuzzed).isTrue();
      if (r.ok()) {
        assertThatCode(() -> KernelEvent.classify(r.message().message())).doesNotThrowAnyException();
      }
    }
  }

  @Test
  void shouldNeverThrowOnRandomText() {
    Random rnd = new Random(7);
    for (int i = 0; i < ROUNDS; i++) {
      String s = randomText(rnd, rnd.nextInt(200));
      ParseResult r = LineParser.parse(s, CTX);
      assertThat(r.ok() ^ (r.skipReason() != null)).isTrue();
      assertThatCode(() -> JournalJsonParser.parse("{" + s, CTX)).doesNotThrowAnyException();
      assertThatCode(() -> ConntrackStats.parseProcStat(s)).doesNotThrowAnyException();
      assertThatCode(() -> ConntrackStats.parseConntrackS(s)).doesNotThrowAnyException();
    }
  }

  @Test
  void shouldCountEveryLineOfRandomBytesAndKeepScanning() throws Exception {
    Random rnd = new Random(99);
    byte[] bytes = new byte[2_000_000];
    rnd.nextBytes(bytes);
    long newlines = 0;
    for (byte b : bytes) {
      if (b == '\n') {
        newlines++;
      }
    }
    boolean endsWithNewline = bytes[bytes.length - 1] == '\n';
    ScanStats stats = new ScanStats();
    List<Object> out = new ArrayList<>();
    new LogScanner(CTX, stats, CTX.now(), TimeEstimate.READ_TIME, (m, e) -> out.add(m))
        .scan(new ByteArrayInputStream(bytes));
    assertThat(stats.linesRead()).isEqualTo(newlines + (endsWithNewline ? 0 : 1));
    assertThat(stats.bytesRead()).isEqualTo(bytes.length);
  }

  @Test
  void shouldTruncateAHugeLineAndStillFindTheNextOne() throws Exception {
    String huge = "Jul 17 14:55:13 h kernel: " + "x".repeat(3_000_000) + "\n"
        + "Jul 17 14:55:14 h kernel: nf_conntrack: table full, dropping packet\n";
    ScanStats stats = new ScanStats();
    List<Object> out = new ArrayList<>();
    new LogScanner(CTX, stats, CTX.now(), TimeEstimate.READ_TIME, (m, e) -> out.add(m))
        .scan(new ByteArrayInputStream(huge.getBytes(StandardCharsets.UTF_8)));
    assertThat(stats.linesRead()).isEqualTo(2);
    assertThat(stats.truncatedLines()).isEqualTo(1);
    assertThat(out).hasSize(1);
  }

  @Test
  void shouldCountMalformedSampleLinesAndKeepTheGoodOnes() throws Exception {
    String csv = "timestamp,host,count,max,drops\n2026-03-02T08:00:00Z,a,1,10,0\nnot,a,row\n"
        + "2026-03-02T08:00:30Z,a,x,10,0\n2026-03-02T08:01:00Z,a,2,10,\n";
    ScanStats stats = new ScanStats();
    assertThat(SampleReader.read(new BufferedReader(new StringReader(csv)), stats)).hasSize(2);
    assertThat(stats.badSampleLines()).isEqualTo(2);
    String json = "{\"host\":\"a\",\"timestamp\":\"2026-03-02T08:00:00Z\",\"count\":1,\"max\":10}\n{\"host\":\n"
        + "{\"host\":\"a\",\"count\":1}\n";
    stats = new ScanStats();
    assertThat(SampleReader.read(new BufferedReader(new StringReader(json)), stats)).hasSize(1);
    assertThat(stats.badSampleLines()).isEqualTo(2);
  }

  private static String mutate(String s, Random rnd) {
    char[] c = s.toCharArray();
    for (int k = 0; k < 3 && c.length > 0; k++) {
      c[rnd.nextInt(c.length)] = (char) rnd.nextInt(0x3000);
    }
    return new String(c);
  }

  private static String randomText(Random rnd, int n) {
    String alphabet = "<>[]{}\":,.-+ 0123456789TZabcJulMar\\\u00ff\u0000\t";
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < n; i++) {
      b.append(alphabet.charAt(rnd.nextInt(alphabet.length())));
    }
    return b.toString();
  }
}
