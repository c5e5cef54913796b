package io.conntrackadvisor.core.analyze;


/** Horspool search for fixed needles in bytes, for single lines outside {@link LogScanner}'s block path. */
final class Swar {

  private Swar() {
  }

  /** First index of {@code needle} in {@code [from, to)}, or -1 (Boyer-Moore-Horspool). */
  static int find(byte[] b, int from, int to, byte[] needle) {
    int m = needle.length;
    int[] skip = SkipTables.of(needle);
    byte last = needle[m - 1];
    int i = from + m - 1;
    while (i < to) {
      byte c = b[i];
      if (c == last && matches(b, i - m + 1, needle, m - 1)) {
        return i - m + 1;
      }
      i += skip[c & 0xff];
    }
    return -1;
  }

  private static boolean matches(byte[] b, int at, byte[] needle, int n) {
    for (int j = 0; j < n; j++) {
      if (b[at + j] != needle[j]) {
        return false;
      }
    }
    return true;
  }

  /** Horspool shift tables, computed once per needle. */
  private static final class SkipTables {
    private static final java.util.Map<byte[], int[]> CACHE = new java.util.concurrent.ConcurrentHashMap<>();

    static int[] of(byte[] needle) {
      return CACHE.computeIfAbsent(needle, n -> {
        int[] t = new int[256];
        java.util.Arrays.fill(t, n.length);
        for (int k = 0; k < n.length - 1; k++) {
          t[n[k] & 0xff] = n.length - 1 - k;
        }
        return t;
      });
    }
  }
}
