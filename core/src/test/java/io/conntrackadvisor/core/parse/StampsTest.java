package io.conntrackadvisor.core.parse;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** The hand-written stamp reader must agree with java.time wherever it answers, and step aside elsewhere. */
class StampsTest {
  private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

  @Test
  void shouldAgreeWithJavaTimeOnRandomStampsInEveryShape() {
    Random rnd = new Random(42);
    for (int i = 0; i < 20_000; i++) {
      Instant t = Instant.ofEpochSecond(rnd.nextLong(0, 4_102_444_800L), rnd.nextInt(1_000_000_000));
      ZoneOffset off = ZoneOffset.ofTotalSeconds(rnd.nextInt(-18 * 4, 18 * 4 + 1) * 900);
      LocalDateTime local = LocalDateTime.ofInstant(t, off);
      int digits = rnd.nextInt(10);
      String base = local.withNano(0).toString().length() == 16 ? local.withNano(0) + ":00"
          : local.withNano(0).toString();
      String frac = digits == 0 ? "" : "." + String.format("%09d", local.getNano()).substring(0, digits);
      String offset = switch (rnd.nextInt(4)) {
        case 0 -> off.getTotalSeconds() == 0 ? "Z" : off.getId();
        case 1 -> off.getId().equals("Z") ? "+00:00" : off.getId();
        case 2 -> (off.getId().equals("Z") ? "+00:00" : off.getId()).replace(":", "");
        default -> "";
      };
      String stamp = base + frac + offset;
      Instant expected = offset.isEmpty()
          ? LocalDateTime.parse(base + frac).atZone(BERLIN).toInstant()
          : OffsetDateTime.parse(offset.length() == 5 ? stamp.substring(0, stamp.length() - 2) + ":"
              + stamp.substring(stamp.length() - 2) : stamp, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
      assertThat(Stamps.iso(stamp, BERLIN)).as(stamp).isEqualTo(expected);
      assertThat(LineParser.parseIsoInstant(stamp, new ParseContext(null, Instant.EPOCH, BERLIN, null, "f")))
          .as(stamp).isEqualTo(expected);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"2026-02-30T00:00:00Z", "2026-13-01T00:00:00Z", "2026-01-01T24:00:00Z",
      "2026-01-01T00:60:00Z", "2026-01-01T00:00:60Z", "2026-01-01T00:00:00.1234567890Z", "2026-01-01T00:00:00.Z",
      "2026-01-01T00:00:00+18:01", "2026-01-01T00:00:00+1:00", "2026-01-01T00:00:00 +00:00", "2026-01-01 00:00:00Z",
      "2026-01-01T00:00Z", "+2026-01-01T00:00:00Z", "2026-01-01T00:00:00+00:60", "2026-01-01T0a:00:00Z"})
  void shouldLeaveEveryOtherShapeToTheFormatter(String stamp) {
    assertThat(Stamps.iso(stamp, ZoneOffset.UTC)).as(stamp).isNull();
  }

  @Test
  void shouldReadALowerCaseZuluAndAnUnusualButValidOffset() {
    assertThat(Stamps.iso("2026-03-02T08:14:55.5z", ZoneOffset.UTC))
        .isEqualTo(Instant.parse("2026-03-02T08:14:55.500Z"));
    assertThat(Stamps.iso("2026-03-02T08:14:55-0930", ZoneOffset.UTC))
        .isEqualTo(Instant.parse("2026-03-02T17:44:55Z"));
  }

  @Test
  void shouldPlaceA3164StampInTheRightYearAndZone() {
    Instant now = Instant.parse("2026-01-01T10:00:00Z");
    assertThat(Stamps.bsd(12, 31, 23, 0, 0, now, ZoneOffset.UTC)).isEqualTo(Instant.parse("2025-12-31T23:00:00Z"));
    assertThat(Stamps.bsd(1, 2, 9, 0, 0, now, ZoneOffset.UTC)).isEqualTo(Instant.parse("2026-01-02T09:00:00Z"));
    assertThat(Stamps.bsd(7, 17, 14, 55, 13, now, BERLIN)).isEqualTo(Instant.parse("2025-07-17T12:55:13Z"));
    assertThat(Stamps.bsd(2, 29, 0, 0, 0, Instant.parse("2026-06-01T00:00:00Z"), ZoneOffset.UTC)).isNull();
    assertThat(Stamps.bsd(2, 29, 0, 0, 0, Instant.parse("2028-06-01T00:00:00Z"), ZoneOffset.UTC))
        .isEqualTo(Instant.parse("2028-02-29T00:00:00Z"));
    assertThat(Stamps.bsd(1, 1, 24, 0, 0, now, ZoneOffset.UTC)).isNull();
  }
}
