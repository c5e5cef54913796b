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
import java.util.Set;

/**
 * Parses one log line in any format a kernel message reaches disk in: RFC 3164 (with or without {@code <PRI>}, with
 * or without the host as BusyBox {@code syslogd -S} writes it, with BusyBox's {@code facility.level} after the
 * host), RFC 5424, rsyslog's high-precision ISO-8601 lines, {@code journalctl -o short-iso} and journal exports with
 * a space and milliseconds ({@code 2023-11-02 08:01:12.345}), OpenWrt's {@code logread} ({@code ctime} stamp with
 * the year, {@code facility.level}, no host), {@code dmesg} (uptime or {@code -T} stamps), {@code journalctl -o
 * json} lines, and kernel lines without a time stamp ({@link UnstampedLine}). Never throws: a line that parses as
 * nothing yields a {@link SkipReason}.
 */
public final class LineParser {
  private static final String[] MONTHS = {"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct",
      "Nov", "Dec"};
  private static final String[] DAYS = {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};
  /** Facility names as syslog's {@code facilitynames} spells them (BusyBox and OpenWrt print these). */
  private static final Set<String> FACILITIES = Set.of("kern", "user", "mail", "daemon", "auth", "syslog", "lpr",
      "news", "uucp", "cron", "authpriv", "ftp", "security", "mark", "local0", "local1", "local2", "local3",
      "local4", "local5", "local6", "local7");
  /** Level names as syslog's {@code prioritynames} spells them. */
  private static final Set<String> LEVELS = Set.of("emerg", "panic", "alert", "crit", "err", "error", "warn",
      "warning", "notice", "info", "debug");
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
      if (stamp.length() == 10 && isTime(s, cur.pos)) {
        // a journal export or a database's log: date and time apart, no zone ("2023-11-02 08:01:12.345")
        stamp = stamp + 'T' + cur.token();
      }
      Instant t = parseIsoInstant(stamp, ctx);
      return t == null ? ParseResult.skip(SkipReason.BAD_TIMESTAMP) : headerRest(cur, t, pri, ctx);
    }
    int stampLength = cur.remaining() >= 15 && monthIndex(s, cur.pos) >= 0 ? 15
        : cur.remaining() >= 24 && isCtime(s, cur.pos) ? 24 : 0;
    if (stampLength == 0) {
      return UnstampedLine.parse(cur, pri, ctx);
    }
    Instant t = stampLength == 15 ? monthDayTime(s, cur.pos, -1, ctx) : parseCtime(s, cur.pos, ctx);
    if (t == null) {
      return ParseResult.skip(SkipReason.BAD_TIMESTAMP);
    }
    cur.pos += stampLength;
    cur.skipSpaces();
    return headerRest(cur, t, pri, ctx);
  }

  /** {@code HH:MM:SS} at {@code p}. */
  private static boolean isTime(String s, int p) {
    return p + 8 <= s.length() && Character.isDigit(s.charAt(p)) && s.charAt(p + 2) == ':' && s.charAt(p + 5) == ':';
  }

  /** {@code Www Mmm dd hh:mm:ss yyyy}, what C's {@code ctime} writes (OpenWrt's {@code logread}). */
  private static boolean isCtime(String s, int p) {
    if (s.charAt(p + 3) != ' ' || monthIndex(s, p + 4) < 0 || s.charAt(p + 19) != ' ') {
      return false;
    }
    for (String day : DAYS) {
      if (s.startsWith(day, p)) {
        return true;
      }
    }
    return false;
  }

  private static Instant parseCtime(String s, int p, ParseContext ctx) {
    int year = IsoInstant.digits(s, p + 20, 4);
    if (year < 0 || (p + 24 < s.length() && s.charAt(p + 24) != ' ')) {
      return null;
    }
    return monthDayTime(s, p + 4, year, ctx);
  }

  /**
   * After the timestamp of an RFC 3164 / ISO / {@code ctime} line: {@code [HOST] [facility.level] TAG[PID]: MESSAGE}.
   * A first word that ends with a colon is the tag of a line without host (BusyBox {@code syslogd -S}); a first
   * word {@code facility.level} starts a line without host ({@code logread}); such lines take the context's host.
   */
  private static ParseResult headerRest(Cursor cur, Instant t, Integer pri, ParseContext ctx) {
    int start = cur.pos;
    String host = cur.token();
    if (host.isEmpty()) {
      return ParseResult.skip(SkipReason.UNRECOGNIZED_FORMAT);
    }
    if (host.charAt(host.length() - 1) == ':') {
      cur.pos = start;
      host = null;
    } else if (facilityLevelEnd(cur.s, start) == start + host.length()) {
      host = null;
    } else {
      int end = facilityLevelEnd(cur.s, cur.pos);
      if (end > 0) {
        // BusyBox syslogd without -S: "HOST kern.warn kernel: ..."
        cur.pos = end;
        cur.skipSpaces();
      }
    }
    if (host == null) {
      host = ctx.defaultHost();
      if (host == null) {
        return ParseResult.skip(SkipReason.NO_HOST);
      }
    }
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

  /**
   * The end of a {@code facility.level} word at {@code p} ({@code kern.warn}, {@code local0.notice}: syslog's own
   * names, so that a host called {@code router.lan} stays a host) followed by a space, or -1. Allocates only for a
   * word of that shape: RFC 3164 candidate lines ask it once each.
   */
  private static int facilityLevelEnd(String s, int p) {
    int dot = p;
    while (dot < s.length() && isLowerOrDigit(s.charAt(dot))) {
      dot++;
    }
    if (dot - p < 3 || dot >= s.length() || s.charAt(dot) != '.') {
      return -1;
    }
    int end = dot + 1;
    while (end < s.length() && isLowerOrDigit(s.charAt(end))) {
      end++;
    }
    if (end - dot < 4 || end >= s.length() || s.charAt(end) != ' ') {
      return -1;
    }
    return FACILITIES.contains(s.substring(p, dot)) && LEVELS.contains(s.substring(dot + 1, end)) ? end : -1;
  }

  private static boolean isLowerOrDigit(char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
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

  static Instant uptimeToInstant(String uptime, ParseContext ctx) {
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

  /**
   * {@code Mmm dd HH:MM:SS} at {@code p}, in {@code year} ({@code ctime}); for a negative {@code year} (RFC 3164)
   * the year is the context's, or the one before when that would be in the future.
   */
  private static Instant monthDayTime(String s, int p, int year, ParseContext ctx) {
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
    return year < 0 ? Stamps.bsd(month, day, hh, mm, ss, ctx.now(), ctx.zone())
        : Stamps.inYear(year, month, day, hh, mm, ss, ctx.zone());
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
