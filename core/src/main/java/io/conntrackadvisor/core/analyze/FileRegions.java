package io.conntrackadvisor.core.analyze;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;

/** Splits a file into regions that start at line beginnings, and reads a region as a stream. */
final class FileRegions {
  private FileRegions() {
  }

  /** {@code parts + 1} offsets: 0, then each split moved just past the next newline, then {@code size}. */
  static long[] splitAtNewlines(FileChannel ch, long size, int parts) throws IOException {
    long[] bounds = new long[parts + 1];
    bounds[parts] = size;
    ByteBuffer buf = ByteBuffer.allocate(64 * 1024);
    for (int i = 1; i < parts; i++) {
      long pos = Math.max(size * i / parts, bounds[i - 1]);
      bounds[i] = nextLineStart(ch, pos, size, buf);
    }
    return bounds;
  }

  private static long nextLineStart(FileChannel ch, long pos, long size, ByteBuffer buf) throws IOException {
    long p = pos;
    while (p < size) {
      buf.clear();
      int n = ch.read(buf, p);
      if (n <= 0) {
        break;
      }
      for (int k = 0; k < n; k++) {
        if (buf.get(k) == '\n') {
          return p + k + 1;
        }
      }
      p += n;
    }
    return size;
  }

  /**
   * The whole lines that end at {@code at} (a line start) within the {@code max} bytes before it: what comes right
   * before a region. Empty at the start of the file.
   */
  static byte[] linesBefore(FileChannel ch, long at, int max) throws IOException {
    long from = Math.max(0, at - max);
    ByteBuffer buf = ByteBuffer.allocate((int) (at - from));
    while (buf.hasRemaining()) {
      if (ch.read(buf, from + buf.position()) <= 0) {
        break;
      }
    }
    byte[] b = buf.array();
    int start = 0;
    if (from > 0) {
      // the first line may have begun before the bytes read: leave it out
      while (start < b.length && b[start] != '\n') {
        start++;
      }
      start++;
    }
    return start >= b.length ? new byte[0] : java.util.Arrays.copyOfRange(b, start, buf.position());
  }

  /** The bytes {@code [from, to)} of the file, read with positional reads (the channel is shared). */
  static InputStream stream(FileChannel ch, long from, long to) {
    return new InputStream() {
      private long pos = from;

      @Override
      public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
      }

      @Override
      public int read(byte[] b, int off, int len) throws IOException {
        if (pos >= to) {
          return -1;
        }
        int want = (int) Math.min(len, to - pos);
        int n = ch.read(ByteBuffer.wrap(b, off, want), pos);
        if (n > 0) {
          pos += n;
        }
        return n;
      }
    };
  }
}
