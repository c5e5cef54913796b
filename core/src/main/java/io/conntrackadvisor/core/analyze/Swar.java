package io.conntrackadvisor.core.analyze;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Byte search eight bytes at a time ("SIMD within a register"): newline counting with an exact zero-byte test
 * per word, and a Horspool search for fixed needles. This is what lets {@link LogScanner} keep up with grep.
 */
final class Swar {
  private static final VarHandle LONGS =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
  private static final long ONES = 0x0101010101010101L;
  private static final long LOWS = 0x7F7F7F7F7F7F7F7FL;
  private static final long NEWLINES = ONES * '\n';

  private Swar() {
  }

  /**
   * Counts the newlines in {@code [from, to)} and tells {@code scanner} of every line that starts with a brace
   * (the line at {@code from} included).
   */
  static long countAndMarkJson(byte[] b, int from, int to, LogScanner scanner) {
    long count = 0;
    if (b[from] == '{') {
      scanner.markJson(from);
    }
    int i = from;
    for (; i + 8 <= to; i += 8) {
      long x = (long) LONGS.get(b, i) ^ NEWLINES;
      // exact zero-byte test (no borrow between bytes): the high bit of a byte is set iff the byte is zero
      long hit = ~(((x & LOWS) + LOWS) | x | LOWS);
      while (hit != 0) {
        int pos = i + (Long.numberOfTrailingZeros(hit) >>> 3);
        count++;
        if (pos + 1 < to && b[pos + 1] == '{') {
          scanner.markJson(pos + 1);
        }
        hit &= hit - 1;
      }
    }
    for (; i < to; i++) {
      if (b[i] == '\n') {
        count++;
        if (i + 1 < to && b[i + 1] == '{') {
          scanner.markJson(i + 1);
        }
      }
    }
    return count;
  }

  /** A fixed search string with its Horspool shift table, computed once. */
  record Needle(byte[] bytes, int[] skip) {
    static Needle of(String text) {
      byte[] n = text.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
      int[] t = new int[256];
      java.util.Arrays.fill(t, n.length);
      for (int k = 0; k < n.length - 1; k++) {
        t[n[k] & 0xff] = n.length - 1 - k;
      }
      return new Needle(n, t);
    }
  }

  /** First index of {@code needle} in {@code [from, to)}, or -1 (Boyer-Moore-Horspool). */
  static int find(byte[] b, int from, int to, Needle needle) {
    byte[] n = needle.bytes();
    int[] skip = needle.skip();
    int m = n.length;
    byte last = n[m - 1];
    int i = from + m - 1;
    while (i < to) {
      byte c = b[i];
      if (c == last && matches(b, i - m + 1, n, m - 1)) {
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
}
