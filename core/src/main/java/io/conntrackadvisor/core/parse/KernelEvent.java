package io.conntrackadvisor.core.parse;

/**
 * What a kernel message means for conntrack: table-full drops (with the namespace or the OpenVZ container when the
 * kernel names one), a rate-limiter summary of suppressed messages, or nothing of interest.
 *
 * @param kind       the meaning
 * @param netns      namespace inode from {@code table full in netns N}, else null
 * @param suppressed N from a rate-limiter summary ({@code net_ratelimit: N callbacks suppressed} and its older
 *                   wordings), else 0
 * @param vps        OpenVZ container number from {@code ip_conntrack: VPS N table full}, else null
 * @param messages   table-full messages the line stands for: 1, or N of a syslog repetition summary
 */
public record KernelEvent(Kind kind, Long netns, long suppressed, Long vps, long messages) {

  /** Meanings of a kernel message. */
  public enum Kind {
    /** {@code nf_conntrack: table full, dropping packet} in any kernel's wording. */
    TABLE_FULL,
    /** A rate-limiter summary: N more kernel messages were not printed. */
    SUPPRESSED,
    /** Anything else. */
    OTHER
  }

  /** The shared "nothing of interest" value. */
  public static final KernelEvent OTHER = new KernelEvent(Kind.OTHER, null, 0, null, 0);
  /** The shared value of a table-full message that names no namespace (the common wording). */
  private static final KernelEvent TABLE_FULL_EVENT = new KernelEvent(Kind.TABLE_FULL, null, 0, null, 1);

  private static final String TABLE_FULL = "table full";
  private static final String DROPPING = " dropping packet";
  private static final String IN_NETNS = " in netns ";
  private static final String VPS = "VPS ";
  private static final String REPEATED = "message repeated ";
  /**
   * Rate-limiter summaries, as {prefix, suffix} around N, by kernel era: {@code net_ratelimit} (2.6.33 on),
   * {@code __ratelimit} (2.6.2x: the shared limiter named itself), {@code printk} (2.6 {@code printk_ratelimit}),
   * {@code NET} (2.4, {@code net_ratelimit} before the shared limiter; it ends with a period).
   */
  private static final String[][] SUPPRESSED_WORDINGS = {
      {"net_ratelimit: ", " callbacks suppressed"},
      {"__ratelimit: ", " callbacks suppressed"},
      {"printk: ", " messages suppressed"},
      {"NET: ", " messages suppressed"}};

  /**
   * Classifies a kernel message text, without regular expressions (this runs for every candidate line of a
   * gigabyte log). Table full: {@code (ip|nf)_conntrack: [nf_conntrack: ][VPS N ]table full[ in netns N], dropping
   * packet} anywhere in the text (ip_conntrack of 2.4/2.6, OpenVZ's container number, nf_conntrack, the doubled
   * prefix of 4.x+ and the netns wording of 6.18), also when the text was cut anywhere after {@code table full,};
   * "expectation table full" never matches because the text must follow the conntrack prefix directly.
   * Suppressed: the wordings of {@link #SUPPRESSED_WORDINGS}, N of 1 to 18 digits. A syslog repetition summary
   * ({@code message repeated N times: [text]}) means N more of what its text means.
   */
  public static KernelEvent classify(String message) {
    if (message == null) {
      return OTHER;
    }
    if (message.startsWith(REPEATED)) {
      return repeated(message);
    }
    int at = message.indexOf(TABLE_FULL);
    if (at >= 0) {
      for (; at >= 0; at = message.indexOf(TABLE_FULL, at + 1)) {
        KernelEvent e = tableFullAt(message, at);
        if (e != null) {
          return e;
        }
      }
      return OTHER;
    }
    for (String[] w : SUPPRESSED_WORDINGS) {
      long n = suppressedCount(message, w[0], w[1]);
      if (n >= 0) {
        return new KernelEvent(Kind.SUPPRESSED, null, n, null, 0);
      }
    }
    return OTHER;
  }

  /**
   * N of {@code message repeated N times: [text]} (rsyslog's repetition summary; {@link Repetitions} writes
   * sysklogd's {@code last message repeated N times} this way too), or -1.
   */
  static long repeatCount(String m, String prefix) {
    int from = prefix.length();
    int to = from;
    while (to < m.length() && isDigit(m.charAt(to))) {
      to++;
    }
    if (to == from || to - from > 18 || !m.startsWith(" time", to)) {
      return -1;
    }
    return Long.parseLong(m.substring(from, to));
  }

  private static KernelEvent repeated(String m) {
    long n = repeatCount(m, REPEATED);
    int open = m.indexOf(": [");
    if (n <= 0 || open < 0) {
      return OTHER;
    }
    int close = m.lastIndexOf(']');
    String inner = m.substring(open + 3, close > open ? close : m.length());
    KernelEvent e = classify(inner.stripLeading());
    return switch (e.kind) {
      case TABLE_FULL -> new KernelEvent(Kind.TABLE_FULL, e.netns, 0, e.vps, n * e.messages);
      case SUPPRESSED -> new KernelEvent(Kind.SUPPRESSED, null, n * e.suppressed, null, 0);
      default -> OTHER;
    };
  }

  /** The table-full event when the text at {@code at} is one, else null. */
  private static KernelEvent tableFullAt(String m, int at) {
    Long vps = null;
    int p = at - "nf_conntrack: ".length();
    if (at >= 2 && m.charAt(at - 1) == ' ' && isDigit(m.charAt(at - 2))) {
      // OpenVZ: "ip_conntrack: VPS 101 table full, dropping packet."
      int digits = at - 1;
      while (digits > 0 && isDigit(m.charAt(digits - 1))) {
        digits--;
      }
      if (at - 1 - digits > 18 || !m.startsWith(VPS, digits - VPS.length())) {
        return null;
      }
      vps = Long.parseLong(m.substring(digits, at - 1));
      p = digits - VPS.length() - "nf_conntrack: ".length();
    }
    if (p < 0 || !(m.startsWith("nf_conntrack: ", p) || m.startsWith("ip_conntrack: ", p))) {
      return null;
    }
    int after = at + TABLE_FULL.length();
    if (dropping(m, after)) {
      return vps == null ? TABLE_FULL_EVENT : new KernelEvent(Kind.TABLE_FULL, null, 0, vps, 1);
    }
    if (!m.startsWith(IN_NETNS, after)) {
      return null;
    }
    int from = after + IN_NETNS.length();
    int to = from;
    while (to < m.length() && isDigit(m.charAt(to))) {
      to++;
    }
    if (to == from || to - from > 20 || !dropping(m, to)) {
      return null;
    }
    return new KernelEvent(Kind.TABLE_FULL, parseOrNull(m.substring(from, to)), 0, vps, 1);
  }

  /**
   * Whether {@code , dropping packet} follows at {@code at}, or the start of it up to the end of the text: a line
   * cut after {@code table full,} (by a syslog line limit, or wrapped by whoever pasted it) still says the table
   * was full.
   */
  private static boolean dropping(String m, int at) {
    if (at >= m.length() || m.charAt(at) != ',') {
      return false;
    }
    int rest = m.length() - at - 1;
    return rest >= DROPPING.length() ? m.startsWith(DROPPING, at + 1)
        : DROPPING.startsWith(m.substring(at + 1).stripTrailing());
  }

  /**
   * N of the first {@code prefix N suffix} in the text (N of 1 to 18 digits), or -1. Checked at each place the
   * suffix occurs, so it needs no regular expression.
   */
  private static long suppressedCount(String m, String prefix, String suffix) {
    for (int at = m.indexOf(suffix); at >= 0; at = m.indexOf(suffix, at + 1)) {
      int from = at;
      while (from > 0 && isDigit(m.charAt(from - 1))) {
        from--;
      }
      int digits = at - from;
      if (digits >= 1 && digits <= 18 && from >= prefix.length() && m.startsWith(prefix, from - prefix.length())) {
        return Long.parseLong(m.substring(from, at));
      }
    }
    return -1;
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  private static Long parseOrNull(String digits) {
    try {
      return Long.parseLong(digits);
    } catch (NumberFormatException e) {
      return null;
    }
  }
}
