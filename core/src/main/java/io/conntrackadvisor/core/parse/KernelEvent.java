package io.conntrackadvisor.core.parse;

/**
 * What a kernel message means for conntrack: a table-full drop (with the namespace when the kernel names it), a
 * rate-limiter summary of suppressed messages, or nothing of interest.
 *
 * @param kind       the meaning
 * @param netns      namespace inode from {@code table full in netns N}, else null
 * @param suppressed N from {@code net_ratelimit: N callbacks suppressed}, else 0
 */
public record KernelEvent(Kind kind, Long netns, long suppressed) {

  /** Meanings of a kernel message. */
  public enum Kind {
    /** {@code nf_conntrack: table full, dropping packet} in any kernel's wording. */
    TABLE_FULL,
    /** {@code net_ratelimit: N callbacks suppressed} (or the 2.6-era {@code printk: N messages suppressed.}). */
    SUPPRESSED,
    /** Anything else. */
    OTHER
  }

  /** The shared "nothing of interest" value. */
  public static final KernelEvent OTHER = new KernelEvent(Kind.OTHER, null, 0);
  /** The shared value of a table-full message that names no namespace (the common wording). */
  private static final KernelEvent TABLE_FULL_EVENT = new KernelEvent(Kind.TABLE_FULL, null, 0);

  private static final String TABLE_FULL = "table full";
  private static final String DROPPING = ", dropping packet";
  private static final String IN_NETNS = " in netns ";

  /**
   * Classifies a kernel message text, without regular expressions (this runs for every candidate line of a
   * gigabyte log). Table full: {@code (ip|nf)_conntrack: [nf_conntrack: ]table full[ in netns N], dropping packet}
   * anywhere in the text (ip_conntrack of 2.6, nf_conntrack, the doubled prefix of 4.x+ and the netns wording of
   * 6.18); "expectation table full" never matches because the text must follow the conntrack prefix directly.
   * Suppressed: {@code net_ratelimit: N callbacks suppressed}, else {@code printk: N messages suppressed}, N of 1 to
   * 18 digits.
   */
  public static KernelEvent classify(String message) {
    if (message == null) {
      return OTHER;
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
    long n = suppressedCount(message, "net_ratelimit: ", " callbacks suppressed");
    if (n < 0) {
      n = suppressedCount(message, "printk: ", " messages suppressed");
    }
    return n < 0 ? OTHER : new KernelEvent(Kind.SUPPRESSED, null, n);
  }

  /** The table-full event when the text at {@code at} is one, else null. */
  private static KernelEvent tableFullAt(String m, int at) {
    int p = at - "nf_conntrack: ".length();
    if (p < 0 || !(m.startsWith("nf_conntrack: ", p) || m.startsWith("ip_conntrack: ", p))) {
      return null;
    }
    int after = at + TABLE_FULL.length();
    if (m.startsWith(DROPPING, after)) {
      return TABLE_FULL_EVENT;
    }
    if (!m.startsWith(IN_NETNS, after)) {
      return null;
    }
    int from = after + IN_NETNS.length();
    int to = from;
    while (to < m.length() && isDigit(m.charAt(to))) {
      to++;
    }
    if (to == from || to - from > 20 || !m.startsWith(DROPPING, to)) {
      return null;
    }
    return new KernelEvent(Kind.TABLE_FULL, parseOrNull(m.substring(from, to)), 0);
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
