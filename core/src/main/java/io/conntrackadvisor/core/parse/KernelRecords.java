package io.conntrackadvisor.core.parse;

import com.fasterxml.jackson.databind.JsonNode;
import io.conntrackadvisor.model.KernelMessage;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The fields of a kernel message read out of a shipper's JSON record ({@link FieldPaths}), and the one rule for
 * telling the kernel's messages from the others: journald's transport when the record has one, else syslog
 * facility {@code kern} or tag {@code kernel}.
 */
final class KernelRecords {
  private static final List<String> FACILITIES = List.of("kern", "user", "mail", "daemon", "auth", "syslog", "lpr",
      "news", "uucp", "cron", "authpriv", "ftp", "ntp", "security", "console", "solaris-cron", "local0", "local1",
      "local2", "local3", "local4", "local5", "local6", "local7");
  private static final List<String> SEVERITIES =
      List.of("emerg", "alert", "crit", "err", "warning", "notice", "info", "debug");
  private static final String[] MONTHS =
      {"jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"};

  private KernelRecords() {
  }

  /** Whether the kernel wrote a message with these fields (any may be null). */
  static boolean isKernel(String transport, Integer facility, String tag) {
    if (transport != null) {
      return "kernel".equals(transport);
    }
    return facility != null && facility == 0 || "kernel".equals(tag);
  }

  /**
   * A kernel message as the detector classifies it: a message the rule above kept has transport {@code kernel}
   * when the record named none, so that {@link KernelMessage#fromKernel()} agrees.
   */
  static KernelMessage kernel(String host, Instant t, String bootId, Integer priority, Integer facility,
      String transport, String source, String tag, String message, String cursor) {
    return new KernelMessage(host, t, bootId, priority, facility, transport == null ? "kernel" : transport, source,
        tag, message, cursor);
  }

  /** Reads a record with {@code paths}; the source of the message is the format's name. */
  static DecodedRecord fromJson(JsonNode n, FieldPaths paths, String format, ParseContext ctx) {
    JsonNode messageNode = first(n, paths.message());
    String message = messageNode == null ? null : JournalJsonParser.decodeField(messageNode);
    if (message == null) {
      return DecodedRecord.unreadable("no message in " + paths.message());
    }
    String transport = text(first(n, paths.transport()));
    Integer facility = facility(first(n, paths.facility()));
    Integer priority = severity(first(n, paths.priority()));
    Integer pri = number(first(n, paths.pri()));
    if (pri != null) {
      facility = facility == null ? pri >> 3 : facility;
      priority = priority == null ? pri & 7 : priority;
    }
    String tag = tag(text(first(n, paths.tag())));
    if (!isKernel(transport, facility, tag)) {
      return DecodedRecord.other("not a kernel message");
    }
    String host = text(first(n, paths.host()));
    if (host == null || host.isEmpty()) {
      host = ctx.defaultHost();
    }
    if (host == null) {
      return DecodedRecord.unreadable("no host in " + paths.host());
    }
    JsonNode timeNode = first(n, paths.time());
    if (timeNode == null) {
      return DecodedRecord.unreadable("no time in " + paths.time());
    }
    Instant t = instant(timeNode, ctx);
    if (t == null) {
      return DecodedRecord.unreadable("unreadable time '" + timeNode.asText() + "'");
    }
    return DecodedRecord.kernel(kernel(host, t, text(n.get("_BOOT_ID")), priority, facility, transport, format,
        tag, message, null));
  }

  /**
   * The value at the first path present: a top-level key as written, else nested keys split at dots. An object
   * is not a value: {@code host} is the host's name in one shipper's records and an object of ECS fields in
   * another's.
   */
  static JsonNode first(JsonNode n, List<String> paths) {
    for (String p : paths) {
      JsonNode v = n.get(p);
      if (v == null && p.indexOf('.') > 0) {
        v = n;
        for (String part : p.split("\\.")) {
          v = v == null ? null : v.get(part);
        }
      }
      if (v != null && !v.isNull() && !v.isObject()) {
        return v;
      }
    }
    return null;
  }

  private static String text(JsonNode v) {
    return v == null ? null : v.isValueNode() ? v.asText() : JournalJsonParser.decodeField(v);
  }

  /** rsyslog's {@code %syslogtag%} keeps the colon and the pid: {@code kernel:}, {@code sshd[42]:}. */
  private static String tag(String t) {
    if (t == null) {
      return null;
    }
    int end = t.length();
    while (end > 0 && (t.charAt(end - 1) == ':' || t.charAt(end - 1) == ' ')) {
      end--;
    }
    int bracket = t.indexOf('[');
    return t.substring(0, bracket > 0 && bracket < end ? bracket : end);
  }

  private static Integer number(JsonNode v) {
    if (v == null) {
      return null;
    }
    if (v.canConvertToInt()) {
      return v.intValue();
    }
    try {
      return Integer.parseInt(v.asText().trim());
    } catch (NumberFormatException e) {
      return null;
    }
  }

  /** A facility as a number or a name ({@code kern}, {@code kernel}, {@code local0}, ...); -1 for another name. */
  private static Integer facility(JsonNode v) {
    Integer n = number(v);
    if (n != null || v == null) {
      return n;
    }
    String name = v.asText().trim().toLowerCase(Locale.ROOT);
    int i = FACILITIES.indexOf("kernel".equals(name) ? "kern" : name);
    return i >= 0 ? i : -1;
  }

  /** A severity as a number or a name ({@code warning}, {@code warn}, {@code Informational}...). */
  private static Integer severity(JsonNode v) {
    Integer n = number(v);
    if (n != null || v == null) {
      return n;
    }
    String name = v.asText().trim().toLowerCase(Locale.ROOT);
    for (int i = 0; i < SEVERITIES.size(); i++) {
      if (name.startsWith(SEVERITIES.get(i).substring(0, Math.min(4, SEVERITIES.get(i).length())))) {
        return i;
      }
    }
    return null;
  }

  /**
   * A time: a number or digits (epoch seconds, with a fraction; milliseconds above 1e11; microseconds, as journald's
   * {@code __REALTIME_TIMESTAMP}, above 1e14), RFC 3339 text, or an RFC 3164 stamp in the context's zone and year.
   */
  static Instant instant(JsonNode v, ParseContext ctx) {
    String s = v.asText().trim();
    double epoch;
    if (v.isNumber()) {
      epoch = v.doubleValue();
    } else if (!s.isEmpty() && (Character.isDigit(s.charAt(0))) && s.chars().allMatch(c -> c == '.'
        || Character.isDigit(c))) {
      epoch = Double.parseDouble(s);
    } else {
      return text(s, ctx);
    }
    if (epoch >= 1e14) {
      long micros = v.isNumber() ? v.longValue() : Long.parseLong(s.contains(".") ? s.substring(0, s.indexOf('.'))
          : s);
      return Instant.ofEpochSecond(micros / 1_000_000, (micros % 1_000_000) * 1000);
    }
    if (epoch >= 1e11) {
      return Instant.ofEpochMilli((long) epoch);
    }
    long secs = (long) Math.floor(epoch);
    return Instant.ofEpochSecond(secs, Math.round((epoch - secs) * 1e6) * 1000);
  }

  private static Instant text(String s, ParseContext ctx) {
    Instant fast = Stamps.iso(s, ctx.zone());
    if (fast != null) {
      return fast;
    }
    try {
      return OffsetDateTime.parse(s).toInstant();
    } catch (DateTimeParseException e) {
      return bsd(s, ctx);
    }
  }

  /** {@code Mmm dd HH:MM:SS} (the day padded with a space or not). */
  private static Instant bsd(String s, ParseContext ctx) {
    String[] p = s.trim().split("\\s+");
    if (p.length != 3 || p[0].length() != 3 || p[2].length() != 8) {
      return null;
    }
    int month = Arrays.asList(MONTHS).indexOf(p[0].toLowerCase(Locale.ROOT)) + 1;
    try {
      int day = Integer.parseInt(p[1]);
      String[] hms = p[2].split(":");
      return month == 0 || hms.length != 3 ? null : Stamps.bsd(month, day, Integer.parseInt(hms[0]),
          Integer.parseInt(hms[1]), Integer.parseInt(hms[2]), ctx.now(), ctx.zone());
    } catch (NumberFormatException e) {
      return null;
    }
  }
}
