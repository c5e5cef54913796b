package io.conntrackadvisor.core.parse;

import io.conntrackadvisor.model.IsoInstant;
import io.conntrackadvisor.model.KernelMessage;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;

/**
 * Parses one log line in any format a kernel message reaches disk in: RFC 3164 (with or without {@code <PRI>}),
 * RFC 5424, rsyslog's high-precision ISO-8601 lines, {@code journalctl -o short-iso}, {@code dmesg} (uptime or
 * {@code -T} stamps) and {@code journalctl -o json} lines. Never throws: a line that parses as nothing yields a
 * {@link SkipReason}.
 */
public final class LineParser {
  private static final String[] MONTHS = {"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct",
      "Nov", "Dec"};
  private static final DateTimeFormatter DMESG_T =
      DateTimeFormatter.ofPattern("EEE MMM d HH:mm:ss yyyy", Locale.ROOT);

  private LineParser() {
  }

  /** Parses {@code line} (without its line terminator). */
  public static ParseResult parse(String line, ParseContext ctx) {
    try {
      return parseUnchecked(line, ctx);
    } catch (RuntimeException e) {
      // A parser bug must not stop ingestion: the line is counted as unrecognized.
      return ParseResult.skip(SkipReason.UNRECOGNIZED_FORMAT);
    }
  }

  private static ParseResult parseUnchecked(String line, ParseContext ctx) {
    if (line == null) {
      return ParseResult.skip(SkipReason.EMPTY);
    }
    String s = stripEnd(line);
    if (s.isEmpty()) {
      return ParseResult.skip(SkipReason.EMPTY);
    }
    char c0 = s.charAt(0);
    if (c0 == '{') {
      return JournalJsonParser.parse(s, ctx);
    }
    if (c0 == '[') {
      return parseDmesg(s, ctx);
    }
    Cursor cur = new Cursor(s);
    Integer pri = cur.pri();
    if (cur.remaining() > 2 && Character.isDigit(cur.peek()) && cur.peekAt(1) == ' ') {
      return Rfc5424.parse(cur, pri, ctx);
    }
    if (cur.remaining() >= 10 && isIsoDate(s, cur.pos)) {
      String stamp = cur.token();
      Instant t = parseIsoInstant(stamp, ctx);
      return t == null ? ParseResult.skip(SkipReason.BAD_TIMESTAMP) : headerRest(cur, t, pri, ctx);
    }
    if (cur.remaining() >= 15 && monthIndex(s, cur.pos) >= 0) {
      Instant t = parseBsdStamp(s, cur.pos, ctx);
      if (t == null) {
        return ParseResult.skip(SkipReason.BAD_TIMESTAMP);
      }
      cur.pos += 15;
      cur.skipSpaces();
      return headerRest(cur, t, pri, ctx);
    }
    return ParseResult.skip(SkipReason.UNRECOGNIZED_FORMAT);
  }

  /** After the timestamp of an RFC 3164 / ISO line: {@code HOST TAG[PID]: MESSAGE}. */
  private static ParseResult headerRest(Cursor cur, Instant t, Integer pri, ParseContext ctx) {
    String host = cur.token();
    if (host.isEmpty()) {
      return ParseResult.skip(SkipReason.UNRECOGNIZED_FORMAT);
    }
    cur.skipSpaces();
    String rest = cur.rest();
    String identifier = null;
    String message = rest;
    int sp = rest.indexOf(' ');
    int colon = rest.indexOf(':');
    if (colon > 0 && (sp < 0 || colon < sp)) {
      String tag = rest.substring(0, colon);
      int bracket = tag.indexOf('[');
      identifier = bracket > 0 ? tag.substring(0, bracket) : tag;
      message = rest.substring(colon + 1).stripLeading();
    }
    if ("kernel".equals(identifier)) {
      message = stripUptime(message);
    }
    return ParseResult.of(message(host, t, pri, null, identifier, message, ctx));
  }

  static KernelMessage message(String host, Instant t, Integer pri, String transport, String identifier,
      String message, ParseContext ctx) {
    Integer severity = pri == null ? null : pri & 7;
    Integer facility = pri == null ? null : pri >> 3;
    return new KernelMessage(host, t, null, severity, facility, transport, ctx.source(), identifier, message, null);
  }

  private static ParseResult parseDmesg(String s, ParseContext ctx) {
    int close = s.indexOf(']');
    if (close < 2) {
      return ParseResult.skip(SkipReason.UNRECOGNIZED_FORMAT);
    }
    String inside = s.substring(1, close).trim();
    String msg = close + 1 < s.length() ? s.substring(close + 1).stripLeading() : "";
    Instant t;
    if (!inside.isEmpty() && Character.isDigit(inside.charAt(0))) {
      t = uptimeToInstant(inside, ctx);
    } else {
      t = parseDmesgT(inside, ctx);
    }
    if (t == null) {
      return ParseResult.skip(SkipReason.BAD_TIMESTAMP);
    }
    if (ctx.defaultHost() == null) {
      return ParseResult.skip(SkipReason.NO_HOST);
    }
    return ParseResult.of(message(ctx.defaultHost(), t, null, "kernel", "kernel", msg, ctx));
  }

  private static Instant uptimeToInstant(String uptime, ParseContext ctx) {
    try {
      int dot = uptime.indexOf('.');
      long secs = Long.parseLong(dot < 0 ? uptime : uptime.substring(0, dot));
      long micros = 0;
      if (dot >= 0) {
        String frac = (uptime.substring(dot + 1) + "000000").substring(0, 6);
        micros = Long.parseLong(frac);
      }
      Instant boot = ctx.bootTime() == null ? Instant.EPOCH : ctx.bootTime();
      return boot.plusSeconds(secs).plusNanos(micros * 1000);
    } catch (NumberFormatException | DateTimeException e) {
      return null;
    }
  }

  private static Instant parseDmesgT(String inside, ParseContext ctx) {
    try {
      LocalDateTime ldt = LocalDateTime.parse(inside.replaceAll(" +", " "), DMESG_T);
      return ldt.atZone(ctx.zone()).toInstant();
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  /** Removes the {@code [12345.678901] } uptime prefix that rsyslog's kernel input keeps in the text. */
  static String stripUptime(String message) {
    if (message.length() > 2 && message.charAt(0) == '[') {
      int close = message.indexOf(']');
      if (close > 1 && isUptime(message, 1, close)) {
        return message.substring(close + 1).stripLeading();
      }
    }
    return message;
  }

  private static boolean isUptime(String s, int from, int to) {
    for (int i = from; i < to; i++) {
      char c = s.charAt(i);
      if (!(Character.isDigit(c) || c == '.' || c == ' ')) {
        return false;
      }
    }
    return true;
  }

  static boolean isIsoDate(String s, int p) {
    return p + 10 <= s.length() && Character.isDigit(s.charAt(p)) && Character.isDigit(s.charAt(p + 3))
        && s.charAt(p + 4) == '-' && s.charAt(p + 7) == '-';
  }

  /** ISO-8601 with offset {@code Z}, {@code +00:00} or {@code +0000}; without an offset the context zone applies. */
  static Instant parseIsoInstant(String stamp, ParseContext ctx) {
    Instant fast = Stamps.iso(stamp, ctx.zone());
    if (fast != null) {
      return fast;
    }
    String st = stamp;
    int n = st.length();
    if (n > 5 && (st.charAt(n - 5) == '+' || st.charAt(n - 5) == '-') && Character.isDigit(st.charAt(n - 1))
        && st.indexOf(':', n - 5) < 0) {
      st = st.substring(0, n - 2) + ":" + st.substring(n - 2);
    }
    try {
      return OffsetDateTime.parse(st, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
    } catch (DateTimeParseException e) {
      try {
        return LocalDateTime.parse(st, DateTimeFormatter.ISO_LOCAL_DATE_TIME).atZone(ctx.zone()).toInstant();
      } catch (DateTimeParseException e2) {
        return null;
      }
    }
  }

  static int monthIndex(String s, int p) {
    if (p + 3 > s.length()) {
      return -1;
    }
    for (int i = 0; i < MONTHS.length; i++) {
      if (s.startsWith(MONTHS[i], p)) {
        return i;
      }
    }
    return -1;
  }

  /** {@code Mmm dd HH:MM:SS}: the year is the context's, or the one before when that would be in the future. */
  private static Instant parseBsdStamp(String s, int p, ParseContext ctx) {
    if (s.charAt(p + 3) != ' ' || s.charAt(p + 6) != ' ' || s.charAt(p + 9) != ':' || s.charAt(p + 12) != ':') {
      return null;
    }
    int month = monthIndex(s, p) + 1;
    int day = s.charAt(p + 4) == ' ' ? IsoInstant.digits(s, p + 5, 1) : IsoInstant.digits(s, p + 4, 2);
    int hh = IsoInstant.digits(s, p + 7, 2);
    int mm = IsoInstant.digits(s, p + 10, 2);
    int ss = IsoInstant.digits(s, p + 13, 2);
    if (day < 0 || hh < 0 || mm < 0 || ss < 0) {
      return null;
    }
    return Stamps.bsd(month, day, hh, mm, ss, ctx.now(), ctx.zone());
  }

  private static String stripEnd(String line) {
    int end = line.length();
    while (end > 0 && (line.charAt(end - 1) == '\r' || line.charAt(end - 1) == '\n')) {
      end--;
    }
    return end == line.length() ? line : line.substring(0, end);
  }

  /** A read position in a line. */
  static final class Cursor {
    final String s;
    int pos;

    Cursor(String s) {
      this.s = s;
    }

    int remaining() {
      return s.length() - pos;
    }

    char peek() {
      return s.charAt(pos);
    }

    char peekAt(int offset) {
      return pos + offset < s.length() ? s.charAt(pos + offset) : '\0';
    }

    /** Reads {@code <PRI>} if present. */
    Integer pri() {
      if (pos < s.length() && s.charAt(pos) == '<') {
        int close = s.indexOf('>', pos);
        if (close > pos + 1 && close <= pos + 4) {
          try {
            int v = Integer.parseInt(s.substring(pos + 1, close));
            if (v >= 0 && v <= 191) {
              pos = close + 1;
              return v;
            }
          } catch (NumberFormatException e) {
            return null;
          }
        }
      }
      return null;
    }

    /** The next space-delimited token; skips the spaces after it. */
    String token() {
      int start = pos;
      while (pos < s.length() && s.charAt(pos) != ' ') {
        pos++;
      }
      String tok = s.substring(start, pos);
      skipSpaces();
      return tok;
    }

    void skipSpaces() {
      while (pos < s.length() && s.charAt(pos) == ' ') {
        pos++;
      }
    }

    String rest() {
      return pos >= s.length() ? "" : s.substring(pos);
    }
  }
}
