package io.conntrackadvisor.core.analyze;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Byte search for {@link LogScanner}: newline counting eight bytes at a time ("SIMD within a register") with an
 * exact zero-byte test per word, and a one-pass search for several fixed needles that skips most bytes.
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

  /**
   * Fixed search strings found in one pass (Wu-Manber with two-byte blocks): every needle is matched by its last
   * {@code window} bytes, the shortest needle's length. The table gives, for each pair of bytes, how far the window
   * may move when the pair ends it; pairs that occur in no needle move it {@code window - 1} bytes, so a pass reads
   * only about one byte in {@code window - 2} of ordinary text.
   *
   * @param needles the strings, ASCII
   * @param window  bytes of each needle's end the shift table covers
   * @param shift   per pair of bytes (see {@link #pair}), the distance to move; 0 where a needle's window ends
   */
  record Needles(byte[][] needles, int window, byte[] shift) {
    static Needles of(String... texts) {
      byte[][] n = new byte[texts.length][];
      int m = Integer.MAX_VALUE;
      for (int k = 0; k < texts.length; k++) {
        n[k] = texts[k].getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        m = Math.min(m, n[k].length);
      }
      if (m < 2 || m > 127) {
        throw new IllegalArgumentException("needles must be 2 to 127 bytes long");
      }
      byte[] shift = new byte[1 << 14];
      java.util.Arrays.fill(shift, (byte) (m - 1));
      for (byte[] needle : n) {
        int base = needle.length - m;
        for (int q = 1; q < m; q++) {
          int pair = pair(needle[base + q - 1], needle[base + q]);
          shift[pair] = (byte) Math.min(shift[pair], m - 1 - q);
        }
      }
      return new Needles(n, m, shift);
    }

    /**
     * A pair of bytes folded to 14 bits (the ASCII bits of each), so that the table fits the CPU's first-level
     * cache; pairs that share a slot (only possible with non-ASCII bytes) make the shift smaller, never wrong.
     */
    static int pair(byte first, byte second) {
      return (first & 0x7f) << 7 | second & 0x7f;
    }
  }

  /** Start of the first occurrence of any needle in {@code [from, to)}, or -1. */
  static int findAny(byte[] b, int from, int to, Needles needles) {
    byte[] shift = needles.shift();
    int i = from + needles.window() - 1;
    while (i < to) {
      int s = shift[(b[i - 1] & 0x7f) << 7 | b[i] & 0x7f];
      if (s == 0) {
        for (byte[] n : needles.needles()) {
          int at = i - n.length + 1;
          if (at >= from && matches(b, at, n)) {
            return at;
          }
        }
        s = 1;
      }
      i += s;
    }
    return -1;
  }

  private static boolean matches(byte[] b, int at, byte[] needle) {
    for (int j = 0; j < needle.length; j++) {
      if (b[at + j] != needle[j]) {
        return false;
      }
    }
    return true;
  }
}
