package io.conntrackadvisor.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The hand-written finding writer must give Jackson's bytes for every finding, odd values included. */
class FindingJsonTest {
  private static final List<String> HOSTS = List.of("node-1", "", "a\"b\\c", "tab\there", "nl\nx", "\u0001ctl",
      "ümlaut-☃", "emoji-\uD83D\uDE00", "<script>", "slash/x", "\u007f", "\u2028");

  @Test
  void shouldWriteWhatJacksonWritesForRandomFindingsOfEveryType() {
    Random rnd = new Random(7);
    for (int i = 0; i < 30_000; i++) {
      Finding f = random(rnd);
      assertThat(FindingJson.write(f)).as(f.toString()).isEqualTo(Json.write(f));
    }
  }

  @Test
  void shouldHandOddValuesToJackson() {
    Instant far = Instant.parse("+12026-01-01T00:00:00Z");
    Instant before = Instant.parse("-0001-12-31T23:59:59.5Z");
    List<Finding> odd = List.of(
        BurstFinding.of("h", null, far, far, 1, 0, false),
        new DropsFinding("h", before, Instant.EPOCH, 1, 0, 0),
        new SaturationFinding("h", Instant.EPOCH, 1, 0, Double.NaN, SaturationLevel.OK, null),
        new SaturationFinding("h", Instant.EPOCH, 1, 0, Double.POSITIVE_INFINITY, SaturationLevel.OK, null),
        new SaturationFinding("h", Instant.parse("0000-01-01T00:00:00Z"), 1, 1, 1.0, SaturationLevel.CRITICAL,
            Instant.parse("9999-12-31T23:59:59.999999999Z")));
    for (Finding f : odd) {
      assertThat(FindingJson.write(f)).as(f.toString()).isEqualTo(Json.write(f));
    }
  }

  private static Finding random(Random rnd) {
    String host = rnd.nextInt(4) == 0 ? HOSTS.get(rnd.nextInt(HOSTS.size())) : "host-" + rnd.nextInt(10_000);
    Instant a = instant(rnd);
    Instant b = rnd.nextBoolean() ? a : instant(rnd);
    long n = rnd.nextInt(3) == 0 ? rnd.nextLong() : rnd.nextInt(100_000);
    return switch (rnd.nextInt(3)) {
      case 0 -> new BurstFinding(host, rnd.nextBoolean() ? null : rnd.nextLong(0, Long.MAX_VALUE), a, b, n,
          rnd.nextInt(1000), n + 1, rnd.nextBoolean(), rnd.nextInt(4) == 0 ? (long) rnd.nextInt(100_000) : null,
          rnd.nextInt(4) == 0 ? TimeEstimate.values()[rnd.nextInt(TimeEstimate.values().length)] : null);
      case 1 -> new DropsFinding(host, a, b, n, rnd.nextInt(50), -rnd.nextInt(3));
      default -> new SaturationFinding(host, a, rnd.nextInt(1 << 20), rnd.nextInt(1 << 20), utilization(rnd),
          SaturationLevel.values()[rnd.nextInt(3)], rnd.nextBoolean() ? null : b);
    };
  }

  private static double utilization(Random rnd) {
    return switch (rnd.nextInt(5)) {
      case 0 -> 0.0;
      case 1 -> 1.0;
      case 2 -> rnd.nextInt(1000) / 1000.0;
      case 3 -> rnd.nextDouble() * 1e-9;
      default -> rnd.nextDouble() * 3;
    };
  }

  private static Instant instant(Random rnd) {
    long secs = rnd.nextLong(-62_167_219_200L, 253_402_300_800L);
    int nanos = switch (rnd.nextInt(4)) {
      case 0 -> 0;
      case 1 -> rnd.nextInt(1000) * 1_000_000;
      case 2 -> rnd.nextInt(1_000_000) * 1000;
      default -> rnd.nextInt(1_000_000_000);
    };
    return Instant.ofEpochSecond(secs, nanos);
  }

  /** The mapping as it was before instants had their own serializer: the time module alone. */
  private static final com.fasterxml.jackson.databind.ObjectMapper TIME_MODULE_ONLY =
      com.fasterxml.jackson.databind.json.JsonMapper.builder()
          .addModule(new com.fasterxml.jackson.datatype.jsr310.JavaTimeModule())
          .disable(com.fasterxml.jackson.databind.SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
          .enable(com.fasterxml.jackson.databind.SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
          .build();

  @Test
  void shouldWriteInstantsAsTheTimeModuleDoes() throws Exception {
    Random rnd = new Random(13);
    for (int i = 0; i < 20_000; i++) {
      Finding f = random(rnd);
      assertThat(Json.write(f)).isEqualTo(TIME_MODULE_ONLY.writeValueAsString(f));
    }
    Recommendation r = new Recommendation("h", Instant.parse("2026-03-02T08:14:55.120418Z"), Severity.CRITICAL,
        java.util.Map.of("b", 1L, "a", 2L), java.util.Map.of("a", 4L), List.of("why"), "a = 4\n", null, null);
    assertThat(Json.write(r)).isEqualTo(TIME_MODULE_ONLY.writeValueAsString(r));
    for (Instant t : new Instant[] {Instant.MIN, Instant.MAX, Instant.EPOCH}) {
      assertThat(Json.write(t)).isEqualTo(TIME_MODULE_ONLY.writeValueAsString(t));
    }
  }

  @Test
  void shouldReadInstantsAsTheTimeModuleDoes() {
    Random rnd = new Random(17);
    List<String> odd = List.of("\"2026-03-02T08:14:55Z\"", "\"2026-03-02t08:14:55z\"", "\" 2026-03-02T08:14:55Z \"",
        "\"2026-03-02T08:14:55+01:00\"", "\"2026-02-29T00:00:00Z\"", "\"2028-02-29T00:00:00Z\"",
        "\"2026-06-30T23:59:60Z\"", "\"2026-03-02T08:14:55.Z\"", "\"2026-03-02T08:14:55.1234567890Z\"",
        "\"2026-13-02T08:14:55Z\"", "\"2026-03-02T24:00:00Z\"", "1700000000", "1700000000.5", "\"\"", "\"x\"",
        "\"+12026-03-02T08:14:55Z\"", "\"0000-01-01T00:00:00Z\"");
    List<String> inputs = new java.util.ArrayList<>(odd);
    for (int i = 0; i < 20_000; i++) {
      inputs.add("\"" + instant(rnd) + "\"");
    }
    for (String json : inputs) {
      Object expected;
      try {
        expected = TIME_MODULE_ONLY.readValue(json, Instant.class);
      } catch (Exception e) {
        expected = "fails";
      }
      Object actual;
      try {
        actual = Json.read(json, Instant.class);
      } catch (Exception e) {
        actual = "fails";
      }
      assertThat(actual).as(json).isEqualTo(expected);
    }
  }
}
