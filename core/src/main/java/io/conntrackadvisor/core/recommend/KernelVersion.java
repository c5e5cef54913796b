package io.conntrackadvisor.core.recommend;

import io.conntrackadvisor.model.IsoInstant;

/** Compares {@code uname -r} strings such as {@code 6.1.0-28-amd64} or {@code 5.15.0-1111-azure}. */
final class KernelVersion {
  private KernelVersion() {
  }

  /** True when the release is at least major.minor; false when unknown or unparseable. */
  static boolean atLeast(String release, int major, int minor) {
    if (release == null) {
      return false;
    }
    // Called for every recommendation: read the two leading numbers by hand, no regular expression.
    int dot = release.indexOf('.');
    int ma = number(release, 0, dot < 0 ? release.length() : dot);
    if (ma < 0) {
      return false;
    }
    int mi = 0;
    if (dot >= 0) {
      int end = dot + 1;
      while (end < release.length() && release.charAt(end) != '.' && release.charAt(end) != '-') {
        end++;
      }
      mi = number(release, dot + 1, end);
      if (mi < 0) {
        return false;
      }
    }
    return ma > major || (ma == major && mi >= minor);
  }

  /** The decimal number in {@code [from, to)}, or -1 when it is empty, not digits, or too long. */
  private static int number(String s, int from, int to) {
    return from >= to || to - from > 6 ? -1 : IsoInstant.digits(s, from, to - from);
  }
}
