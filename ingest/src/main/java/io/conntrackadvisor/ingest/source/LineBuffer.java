package io.conntrackadvisor.ingest.source;

import java.util.Arrays;

/**
 * The bytes of one line being assembled, bounded: it keeps the first {@code max + 1} bytes (one more than may be
 * shipped, so that the cut can find a character edge) and only notes that more came.
 */
final class LineBuffer {
  private final int max;
  private byte[] bytes = new byte[256];
  private int length;
  private boolean overflow;

  LineBuffer(int max) {
    this.max = max;
  }

  /** Appends {@code n} bytes; what does not fit is dropped and remembered as overflow. */
  void append(byte[] src, int off, int n) {
    int room = max + 1 - length;
    int take = Math.min(room, n);
    if (take < n) {
      overflow = true;
    }
    if (take > 0) {
      if (length + take > bytes.length) {
        bytes = Arrays.copyOf(bytes, Math.min(max + 1, Math.max(bytes.length * 2, length + take)));
      }
      System.arraycopy(src, off, bytes, length, take);
      length += take;
    }
  }

  /** Appends one byte. */
  void append(byte b) {
    append(new byte[] {b}, 0, 1);
  }

  /** The backing array; valid from 0 to {@link #length()}. */
  byte[] bytes() {
    return bytes;
  }

  int length() {
    return length;
  }

  /** True when bytes were dropped, or more than {@code max} are kept: the line must be cut. */
  boolean oversized() {
    return overflow || length > max;
  }

  boolean isEmpty() {
    return length == 0 && !overflow;
  }

  void clear() {
    length = 0;
    overflow = false;
    if (bytes.length > 64 * 1024) {
      bytes = new byte[256];
    }
  }
}
