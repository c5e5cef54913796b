package io.conntrackadvisor.ingest.source;

import java.io.IOException;
import java.io.InputStream;

/** A buffered byte stream with the two reads the sources need: one byte, and one newline-terminated line. */
final class ByteReader {
  private final InputStream in;
  private final byte[] buf = new byte[64 * 1024];
  private int pos;
  private int limit;

  ByteReader(InputStream in) {
    this.in = in;
  }

  /** The next byte (0..255), or -1 at the end of the stream. */
  int read() throws IOException {
    if (pos == limit && !fill()) {
      return -1;
    }
    return buf[pos++] & 0xFF;
  }

  /**
   * Reads up to and including the next {@code '\n'} into {@code line} (without the newline). A last line without a
   * newline counts as a line.
   *
   * @return false at the end of the stream when nothing was read
   */
  boolean readLine(LineBuffer line) throws IOException {
    boolean any = false;
    while (true) {
      if (pos == limit && !fill()) {
        return any;
      }
      any = true;
      int start = pos;
      while (pos < limit && buf[pos] != '\n') {
        pos++;
      }
      line.append(buf, start, pos - start);
      if (pos < limit) {
        pos++;
        return true;
      }
    }
  }

  /** Copies {@code n} bytes into {@code line} (beyond its bound they are dropped); false when the stream ended. */
  boolean readFully(long n, LineBuffer line) throws IOException {
    long left = n;
    while (left > 0) {
      if (pos == limit && !fill()) {
        return false;
      }
      int step = (int) Math.min(left, limit - pos);
      line.append(buf, pos, step);
      pos += step;
      left -= step;
    }
    return true;
  }

  private boolean fill() throws IOException {
    int n = in.read(buf, 0, buf.length);
    if (n <= 0) {
      return false;
    }
    pos = 0;
    limit = n;
    return true;
  }
}
