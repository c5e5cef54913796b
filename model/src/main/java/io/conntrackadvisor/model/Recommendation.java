package io.conntrackadvisor.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.annotation.JsonTypeName;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;

/**
 * What to change on one host, and why. Every number in {@code recommended} is explained in {@code reasons}.
 *
 * @param host          host name
 * @param timestamp     time of the newest evidence used
 * @param severity      how urgent
 * @param current       current values of the settings concerned, by full sysctl name (only those known)
 * @param recommended   recommended values, by full sysctl name (only those that should change)
 * @param reasons       sentences citing the evidence and the formula behind each number
 * @param sysctlConf    a ready {@code /etc/sysctl.d/} file body
 * @param modprobeConf  a ready {@code /etc/modprobe.d/} file body when the hash size should change, else null
 * @param topNamespaces the namespaces holding most entries in the sample the advice was made from, biggest first;
 *                      null when that sample had no per-namespace breakdown
 * @param hashsize      the {@code nf_conntrack} module's {@code hashsize} to set at boot (what {@code modprobeConf}
 *                      sets), or null when it should not change
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, include = JsonTypeInfo.As.PROPERTY, property = "type")
@JsonTypeName("recommendation")
public record Recommendation(
    String host,
    Instant timestamp,
    Severity severity,
    Map<String, Long> current,
    Map<String, Long> recommended,
    List<String> reasons,
    String sysctlConf,
    String modprobeConf,
    List<TopNamespace> topNamespaces,
    Long hashsize) {

  @JsonCreator
  public Recommendation {
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(timestamp, "timestamp");
    Objects.requireNonNull(severity, "severity");
    current = SortedMaps.copyOf(current == null ? Map.of() : current);
    recommended = SortedMaps.copyOf(recommended == null ? Map.of() : recommended);
    reasons = reasons == null ? List.of() : List.copyOf(reasons);
    Objects.requireNonNull(sysctlConf, "sysctlConf");
    topNamespaces = topNamespaces == null ? null : List.copyOf(topNamespaces);
  }

  /** A recommendation without the per-namespace breakdown. */
  public Recommendation(String host, Instant timestamp, Severity severity, Map<String, Long> current,
      Map<String, Long> recommended, List<String> reasons, String sysctlConf, String modprobeConf) {
    this(host, timestamp, severity, current, recommended, reasons, sysctlConf, modprobeConf, null, null);
  }

  /** A recommendation that does not change the hash size. */
  public Recommendation(String host, Instant timestamp, Severity severity, Map<String, Long> current,
      Map<String, Long> recommended, List<String> reasons, String sysctlConf, String modprobeConf,
      List<TopNamespace> topNamespaces) {
    this(host, timestamp, severity, current, recommended, reasons, sysctlConf, modprobeConf, topNamespaces, null);
  }

  /**
   * A 64-bit digest of the advice: host, severity, current and recommended values, and the reasons with every
   * number, date or time in them (a digit and the digits, dots, colons, T, Z and dashes after it) set aside, and
   * with it the plural of the word that follows ("1 line", "2 lines"). Live counts quoted in the reasons do not
   * make new advice; a new kind of evidence (a namespace that fills the table, a forecast) does. {@code
   * topNamespaces} is left out for the same reason: its counts are live numbers, and a namespace that comes to
   * fill the table on its own already changes the reasons. A processor remembers which advice it issued in these
   * eight bytes instead of the whole recommendation: two recommendations with the same advice always have the
   * same fingerprint; two with different advice the same one with a chance of one in 2^64. Never 0, which stands
   * for "nothing issued".
   */
  public long adviceFingerprint() {
    // the compact constructor made both maps sorted
    return adviceFingerprint(host, severity, (SortedMap<String, Long>) current,
        (SortedMap<String, Long>) recommended, reasons);
  }

  /**
   * {@link #adviceFingerprint()} of a recommendation with these fields, before it is made: the maps are read in
   * key order, as a recommendation keeps them.
   */
  public static long adviceFingerprint(String host, Severity severity, SortedMap<String, Long> current,
      SortedMap<String, Long> recommended, List<String> reasons) {
    long h = FNV_OFFSET;
    h = mix(mix(h, host), severity.ordinal());
    h = mix(h, current.size());
    for (Map.Entry<String, Long> e : current.entrySet()) {
      h = mix(mix(h, e.getKey()), e.getValue());
    }
    h = mix(h, recommended.size());
    for (Map.Entry<String, Long> e : recommended.entrySet()) {
      h = mix(mix(h, e.getKey()), e.getValue());
    }
    h = mix(h, reasons.size());
    for (String r : reasons) {
      h = mixShape(h, r);
    }
    return h == 0 ? 1 : h;
  }

  private static final long FNV_OFFSET = 0xcbf29ce484222325L;
  private static final long FNV_PRIME = 0x100000001b3L;
  /** Stands for a number in a sentence's shape; outside the range of a char, so no text can collide with it. */
  private static final int NUMBER_TOKEN = 0x10000;
  /** Ends a string, so that two strings hash apart from their concatenation. */
  private static final int END_TOKEN = 0x10001;

  private static long mix(long h, long v) {
    return (h ^ v) * FNV_PRIME;
  }

  private static long mix(long h, String s) {
    for (int i = 0; i < s.length(); i++) {
      h = mix(h, s.charAt(i));
    }
    return mix(h, END_TOKEN);
  }

  /** Mixes a sentence with every number one token and the word after it without its plural. */
  private static long mixShape(long h, String s) {
    int i = 0;
    while (i < s.length()) {
      char c = s.charAt(i);
      if (isDigit(c)) {
        h = mix(h, NUMBER_TOKEN);
        i = skipNumber(s, i + 1);
        int end = wordEnd(s, i);
        for (int stem = stemEnd(s, i, end); i < stem; i++) {
          h = mix(h, s.charAt(i));
        }
        i = end;
      } else {
        h = mix(h, c);
        i++;
      }
    }
    return mix(h, END_TOKEN);
  }

  private static int skipNumber(String s, int i) {
    while (i < s.length() && isNumberPart(s.charAt(i))) {
      i++;
    }
    return i;
  }

  /** After a number ending at {@code i}: the end of the word that follows it after one space, else {@code i}. */
  private static int wordEnd(String s, int i) {
    if (i >= s.length() || s.charAt(i) != ' ') {
      return i;
    }
    int k = i + 1;
    while (k < s.length() && isAsciiLetter(s.charAt(k))) {
      k++;
    }
    return k == i + 1 ? i : k;
  }

  /** The end of that word without a plural "s" (a word of two letters or more that ends in s). */
  private static int stemEnd(String s, int i, int end) {
    return end - i >= 3 && s.charAt(end - 1) == 's' ? end - 1 : end;
  }

  private static boolean isAsciiLetter(char c) {
    return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z';
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  private static boolean isNumberPart(char c) {
    return isDigit(c) || c == '.' || c == ':' || c == 'T' || c == 'Z' || c == '-';
  }
}
