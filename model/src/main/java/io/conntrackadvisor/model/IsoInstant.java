package io.conntrackadvisor.model;

import java.time.Instant;
import java.time.LocalDate;

/**
 * {@link Instant#toString()} without the formatter: the same text (UTC, fractions in groups of three digits, none
 * when zero) at a fraction of the cost, for output that writes tens of thousands of timestamps. Instants outside
 * years 0000-9999 take {@code toString()}.
 */
public final class IsoInstant {
  private static final long MIN_PLAIN = -62_167_219_200L;
  private static final long MAX_PLAIN = 253_402_300_799L;

  private IsoInstant() {
  }

  /** Whether the instant lies in years 0000 to 9999, whose text has four digits and no sign. */
  static boolean plain(Instant t) {
    return t.getEpochSecond() >= MIN_PLAIN && t.getEpochSecond() <= MAX_PLAIN;
  }

  /** Appends {@code t.toString()}. */
  public static StringBuilder append(StringBuilder sb, Instant t) {
    if (!plain(t)) {
      return sb.append(t);
    }
    long secs = t.getEpochSecond();
    LocalDate date = LocalDate.ofEpochDay(Math.floorDiv(secs, 86_400));
    int ofDay = (int) Math.floorMod(secs, 86_400);
    pad(sb, date.getYear(), 4).append('-');
    pad(sb, date.getMonthValue(), 2).append('-');
    pad(sb, date.getDayOfMonth(), 2).append('T');
    pad(sb, ofDay / 3600, 2).append(':');
    pad(sb, ofDay / 60 % 60, 2).append(':');
    pad(sb, ofDay % 60, 2);
    int nanos = t.getNano();
    if (nanos != 0) {
      sb.append('.');
      if (nanos % 1_000_000 == 0) {
        pad(sb, nanos / 1_000_000, 3);
      } else if (nanos % 1000 == 0) {
        pad(sb, nanos / 1000, 6);
      } else {
        pad(sb, nanos, 9);
      }
    }
    return sb.append('Z');
  }

  private static StringBuilder pad(StringBuilder sb, int value, int width) {
    for (int limit = 10, w = 1; w < width; w++, limit *= 10) {
      if (value < limit) {
        sb.append('0');
      }
    }
    return sb.append(value);
  }
}
