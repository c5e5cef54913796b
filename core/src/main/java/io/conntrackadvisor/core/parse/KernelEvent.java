package io.conntrackadvisor.core.parse;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

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

  // ip_conntrack (2.6), nf_conntrack, the doubled prefix of 4.x+ and the netns wording of 6.18; "expectation table
  // full" never matches because the table-full text must follow the conntrack prefix directly.
  private static final Pattern TABLE_FULL = Pattern.compile(
      "(?:ip|nf)_conntrack: (?:nf_conntrack: )?table full(?: in netns (\\d{1,20}))?, dropping packet");
  private static final Pattern SUPPRESSED = Pattern.compile(
      "(?:net_ratelimit: (\\d{1,18}) callbacks suppressed|printk: (\\d{1,18}) messages suppressed)");

  /** Classifies a kernel message text. Cheap for the common case: two substring checks before any regex. */
  public static KernelEvent classify(String message) {
    if (message == null) {
      return OTHER;
    }
    if (message.contains("table full")) {
      Matcher m = TABLE_FULL.matcher(message);
      if (m.find()) {
        Long netns = m.group(1) == null ? null : parseOrNull(m.group(1));
        return new KernelEvent(Kind.TABLE_FULL, netns, 0);
      }
      return OTHER;
    }
    if (message.contains("suppressed")) {
      Matcher m = SUPPRESSED.matcher(message);
      if (m.find()) {
        Long n = parseOrNull(m.group(1) != null ? m.group(1) : m.group(2));
        return n == null ? OTHER : new KernelEvent(Kind.SUPPRESSED, null, n);
      }
    }
    return OTHER;
  }

  private static Long parseOrNull(String digits) {
    try {
      return Long.parseLong(digits);
    } catch (NumberFormatException e) {
      return null;
    }
  }
}
