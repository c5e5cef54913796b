package io.conntrackadvisor.core.parse;

import io.conntrackadvisor.model.IsoInstant;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;

/**
 * Reads the two timestamp shapes that almost every syslog line has, without {@code DateTimeFormatter}: a strict
 * ISO-8601 stamp ({@code 2026-03-02T08:14:55.120418+00:00}) and an RFC 3164 stamp ({@code Mar  2 08:14:56}).
 * A formatter costs microseconds per line, which was most of the time {@code analyze} spent per candidate line.
 * Anything outside the strict shape returns null here and goes to the formatter, which has the last word.
 */
final class Stamps {
  private static final int NO_OFFSET = Integer.MIN_VALUE;
  private static final int BAD_OFFSET = Integer.MAX_VALUE;
  private static final int MAX_OFFSET_SECONDS = 18 * 3600;

  /** The year of the last (now, zone) seen: parsing a file asks for it once per line with the same context. */
  private static volatile Year lastYear = new Year(Instant.EPOCH, ZoneOffset.UTC, 1970);

  private record Year(Instant now, ZoneId zone, int year) {
  }

  private Stamps() {
  }

  /**
   * {@code YYYY-MM-DDTHH:MM:SS[.fraction][Z|+HH:MM|+HHMM]}, fraction of one to nine digits; without an offset the
   * stamp is local time in {@code zone}. Null when the text has another shape or a field is out of range.
   */
  static Instant iso(String s, ZoneId zone) {
    int n = s.length();
    int p = 19;
    if (p < n && s.charAt(p) == '.') {
      do {
        p++;
      } while (p < n && isDigit(s.charAt(p)));
    }
    int offset = offset(s, Math.min(p, n));
    if (offset == BAD_OFFSET) {
      return null;
    }
    if (offset != NO_OFFSET) {
      return IsoInstant.parseLocal(s, p, offset);
    }
    if (zone instanceof ZoneOffset z) {
      return IsoInstant.parseLocal(s, p, z.getTotalSeconds());
    }
    Instant asUtc = IsoInstant.parseLocal(s, p, 0);
    return asUtc == null ? null
        : LocalDateTime.ofEpochSecond(asUtc.getEpochSecond(), asUtc.getNano(), ZoneOffset.UTC).atZone(zone).toInstant();
  }

  /**
   * The offset in seconds of the text from {@code p} to the end: {@link #NO_OFFSET} when there is none,
   * {@link #BAD_OFFSET} when the rest is not an offset.
   */
  private static int offset(String s, int p) {
    int n = s.length();
    if (p == n) {
      return NO_OFFSET;
    }
    char c = s.charAt(p);
    if ((c == 'Z' || c == 'z') && p + 1 == n) {
      return 0;
    }
    if (c != '+' && c != '-') {
      return BAD_OFFSET;
    }
    int hh;
    int mm;
    if (n - p == 6 && s.charAt(p + 3) == ':') {
      hh = IsoInstant.digits(s, p + 1, 2);
      mm = IsoInstant.digits(s, p + 4, 2);
    } else if (n - p == 5) {
      hh = IsoInstant.digits(s, p + 1, 2);
      mm = IsoInstant.digits(s, p + 3, 2);
    } else {
      return BAD_OFFSET;
    }
    int secs = hh * 3600 + mm * 60;
    if (hh < 0 || mm < 0 || mm > 59 || secs > MAX_OFFSET_SECONDS) {
      return BAD_OFFSET;
    }
    return c == '-' ? -secs : secs;
  }

  /**
   * An RFC 3164 stamp whose fields are already read: local time in {@code zone} in the year of {@code now}, or the
   * year before when that would lie more than a day after {@code now}. Null for an impossible date.
   */
  static Instant bsd(int month, int day, int hour, int minute, int second, Instant now, ZoneId zone) {
    if (hour > 23 || minute > 59 || second > 59) {
      return null;
    }
    int year = yearOf(now, zone);
    Instant t = local(year, month, day, hour, minute, second, zone);
    if (t != null && t.isAfter(now.plusSeconds(86_400))) {
      t = local(year - 1, month, day, hour, minute, second, zone);
    }
    return t;
  }

  /** A local time in {@code zone} whose year is written out ({@code ctime}); null for an impossible date. */
  static Instant inYear(int year, int month, int day, int hour, int minute, int second, ZoneId zone) {
    return hour > 23 || minute > 59 || second > 59 ? null : local(year, month, day, hour, minute, second, zone);
  }

  private static Instant local(int year, int month, int day, int hour, int minute, int second, ZoneId zone) {
    try {
      if (zone instanceof ZoneOffset z) {
        long epochDay = LocalDate.of(year, month, day).toEpochDay();
        return Instant.ofEpochSecond(epochDay * 86_400 + hour * 3600L + minute * 60L + second - z.getTotalSeconds());
      }
      return LocalDateTime.of(year, month, day, hour, minute, second).atZone(zone).toInstant();
    } catch (DateTimeException e) {
      return null;
    }
  }

  private static int yearOf(Instant now, ZoneId zone) {
    Year y = lastYear;
    if (!y.now.equals(now) || !y.zone.equals(zone)) {
      y = new Year(now, zone, ZonedDateTime.ofInstant(now, zone).getYear());
      lastYear = y;
    }
    return y.year;
  }

  /** The non-negative number written by {@code count} ASCII digits at {@code from}, or -1. */
  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }
}
