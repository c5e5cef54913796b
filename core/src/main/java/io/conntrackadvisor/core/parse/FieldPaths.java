package io.conntrackadvisor.core.parse;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Where a JSON log record keeps each field a kernel message needs: for each, the paths to try in order, the first
 * present wins. A path is a top-level key ({@code @timestamp}, {@code host.name} spelled with a dot as one key) or,
 * failing that, keys of nested objects joined by dots ({@code log.syslog.facility.code}).
 *
 * @param host      the host that logged the message (required)
 * @param time      when it was logged: RFC 3339 text, an RFC 3164 stamp, or epoch seconds, milliseconds or
 *                  microseconds as a number or digits (required)
 * @param message   the message text, a string or journald's array of bytes (required)
 * @param transport journald's {@code _TRANSPORT}: {@code kernel} for the kernel's messages
 * @param facility  syslog facility, a number or a name ({@code 0} or {@code kern} for the kernel)
 * @param pri       syslog PRI (facility times 8 plus severity), for parsers that keep only that
 * @param tag       syslog tag or program ({@code kernel})
 * @param priority  severity, a number 0-7 or a name
 */
public record FieldPaths(List<String> host, List<String> time, List<String> message, List<String> transport,
    List<String> facility, List<String> pri, List<String> tag, List<String> priority) {

  /** The keys of {@link #fromSettings}, one per field. */
  public static final List<String> FIELDS =
      List.of("host", "time", "message", "transport", "facility", "pri", "tag", "priority");

  public FieldPaths {
    host = List.copyOf(host);
    time = List.copyOf(time);
    message = List.copyOf(message);
    transport = List.copyOf(transport);
    facility = List.copyOf(facility);
    pri = List.copyOf(pri);
    tag = List.copyOf(tag);
    priority = List.copyOf(priority);
    if (host.isEmpty() || time.isEmpty() || message.isEmpty()) {
      throw new IllegalArgumentException("the host, time and message fields need at least one path each");
    }
    if (transport.isEmpty() && facility.isEmpty() && pri.isEmpty() && tag.isEmpty()) {
      throw new IllegalArgumentException("one of the transport, facility, pri and tag fields needs a path, to tell "
          + "the kernel's messages from the others");
    }
  }

  /**
   * Paths from settings: {@code field -> comma-separated paths} for the keys of {@link #FIELDS}, missing keys taking
   * {@code defaults}' paths.
   */
  public static FieldPaths fromSettings(Map<String, String> byField, FieldPaths defaults) {
    for (String k : byField.keySet()) {
      if (!FIELDS.contains(k)) {
        throw new IllegalArgumentException("unknown JSON field '" + k + "'; the fields are " + FIELDS);
      }
    }
    List<List<String>> fallback = defaults.asList();
    List<List<String>> fields = new ArrayList<>();
    for (int i = 0; i < FIELDS.size(); i++) {
      fields.add(paths(byField, FIELDS.get(i), fallback.get(i)));
    }
    return of(fields);
  }

  private static List<String> paths(Map<String, String> byField, String field, List<String> fallback) {
    String v = byField.get(field);
    return v == null ? fallback : Arrays.stream(v.split(",")).filter(p -> !p.isBlank()).map(String::trim).toList();
  }

  /** Every path of every preset in turn, each field's paths in preset order without repeats (for {@code auto}). */
  static FieldPaths union(List<FieldPaths> all) {
    List<List<String>> fields = new ArrayList<>();
    for (int i = 0; i < FIELDS.size(); i++) {
      Set<String> paths = new LinkedHashSet<>();
      for (FieldPaths p : all) {
        paths.addAll(p.asList().get(i));
      }
      fields.add(List.copyOf(paths));
    }
    return of(fields);
  }

  /** The paths of each field, in the order of {@link #FIELDS}. */
  private static FieldPaths of(List<List<String>> f) {
    return new FieldPaths(f.get(0), f.get(1), f.get(2), f.get(3), f.get(4), f.get(5), f.get(6), f.get(7));
  }

  private List<List<String>> asList() {
    return List.of(host, time, message, transport, facility, pri, tag, priority);
  }

  /** {@code host=a,b time=...} for help texts and messages. */
  @Override
  public String toString() {
    StringBuilder b = new StringBuilder();
    List<List<String>> of = asList();
    for (int i = 0; i < of.size(); i++) {
      if (!of.get(i).isEmpty()) {
        b.append(b.length() == 0 ? "" : " ").append(FIELDS.get(i).toLowerCase(Locale.ROOT)).append('=')
            .append(String.join(",", of.get(i)));
      }
    }
    return b.toString();
  }
}
