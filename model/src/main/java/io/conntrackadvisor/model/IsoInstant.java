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
  /** Longest text of an instant ({@code Instant.MIN}, {@code Instant.MAX}: 37 characters). */
  static final int MAX_LENGTH = 40;

  private IsoInstant() {
  }

  /** Whether the instant lies in years 0000 to 9999, whose text has four digits and no sign. */
  private static boolean plain(Instant t) {
    return t.getEpochSecond() >= MIN_PLAIN && t.getEpochSecond() <= MAX_PLAIN;
  }

  /** Appends {@code t.toString()}. */
  public static StringBuilder append(StringBuilder sb, Instant t) {
    byte[] b = new byte[MAX_LENGTH];
    int n = write(b, 0, t);
    for (int i = 0; i < n; i++) {
      sb.append((char) b[i]);
    }
    return sb;
  }

  /**
   * Writes {@code t.toString()} as ASCII into {@code out} at {@code at}, which has room for {@link #MAX_LENGTH}
   * bytes; returns the position after it.
   */
  static int write(byte[] out, int at, Instant t) {
    if (!plain(t)) {
      String s = t.toString();
      for (int i = 0; i < s.length(); i++) {
        out[at + i] = (byte) s.charAt(i);
      }
      return at + s.length();
    }
    long secs = t.getEpochSecond();
    LocalDate date = LocalDate.ofEpochDay(Math.floorDiv(secs, 86_400));
    int ofDay = (int) Math.floorMod(secs, 86_400);
    int n = digits(out, at, date.getYear(), 4);
    out[n++] = '-';
    n = digits(out, n, date.getMonthValue(), 2);
    out[n++] = '-';
    n = digits(out, n, date.getDayOfMonth(), 2);
    out[n++] = 'T';
    n = digits(out, n, ofDay / 3600, 2);
    out[n++] = ':';
    n = digits(out, n, ofDay / 60 % 60, 2);
    out[n++] = ':';
    n = digits(out, n, ofDay % 60, 2);
    int nanos = t.getNano();
    if (nanos != 0) {
      out[n++] = '.';
      if (nanos % 1_000_000 == 0) {
        n = digits(out, n, nanos / 1_000_000, 3);
      } else if (nanos % 1000 == 0) {
        n = digits(out, n, nanos / 1000, 6);
      } else {
        n = digits(out, n, nanos, 9);
      }
    }
    out[n++] = 'Z';
    return n;
  }

  /** Writes {@code value} (0 or more, below 10^width) in {@code width} digits, zero-padded. */
  private static int digits(byte[] out, int at, int value, int width) {
    int v = value;
    for (int i = at + width - 1; i >= at; i--) {
      out[i] = (byte) ('0' + v % 10);
      v /= 10;
    }
    return at + width;
  }

  /**
   * Reads the text {@link #append} writes, {@code YYYY-MM-DDTHH:MM:SS[.fraction]Z} with one to nine fraction
   * digits, without a formatter; null for any other text (a reader then asks the formatter, which has the last word).
   */
  public static Instant parse(String s) {
    int n = s.length();
    return n < 20 || s.charAt(n - 1) != 'Z' ? null : parseLocal(s, n - 1, 0);
  }

  /**
   * Reads {@code s[0, end)} as {@code YYYY-MM-DDTHH:MM:SS[.fraction]} (one to nine fraction digits), a local time
   * at {@code offsetSeconds} east of UTC; null when the text has another shape or a field is out of range.
   */
  public static Instant parseLocal(String s, int end, int offsetSeconds) {
    if (end < 19 || end > s.length() || s.charAt(4) != '-' || s.charAt(7) != '-' || s.charAt(10) != 'T'
        || s.charAt(13) != ':' || s.charAt(16) != ':') {
      return null;
    }
    int year = digits(s, 0, 4);
    int month = digits(s, 5, 2);
    int day = digits(s, 8, 2);
    int hour = digits(s, 11, 2);
    int minute = digits(s, 14, 2);
    int second = digits(s, 17, 2);
    if (year < 0 || month < 1 || month > 12 || day < 1 || hour < 0 || hour > 23 || minute < 0 || minute > 59
        || second < 0 || second > 59) {
      return null;
    }
    int nanos = 0;
    if (end > 19) {
      int width = end - 20;
      if (s.charAt(19) != '.' || width < 1 || width > 9) {
        return null;
      }
      nanos = digits(s, 20, width);
      if (nanos < 0) {
        return null;
      }
      for (int k = width; k < 9; k++) {
        nanos *= 10;
      }
    }
    if (day > 28 && day > java.time.YearMonth.of(year, month).lengthOfMonth()) {
      return null;
    }
    long epochDay = LocalDate.of(year, month, day).toEpochDay();
    return Instant.ofEpochSecond(epochDay * 86_400 + hour * 3600L + minute * 60L + second - offsetSeconds, nanos);
  }

  /**
   * The number that {@code count} ASCII digits at {@code s[from]} write, or -1 when one of them is not a digit
   * (the caller checks that they are there). Shared with the log parser's timestamp reader.
   */
  public static int digits(String s, int from, int count) {
    int v = 0;
    for (int i = from; i < from + count; i++) {
      char c = s.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
      v = v * 10 + (c - '0');
    }
    return v;
  }
}
