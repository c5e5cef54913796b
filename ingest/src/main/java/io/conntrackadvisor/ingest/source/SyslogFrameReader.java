package io.conntrackadvisor.ingest.source;

import java.io.IOException;
import java.io.InputStream;

/**
 * Splits a TCP syslog stream into messages, deciding per frame between the two framings of RFC 6587: octet counting
 * ({@code LEN SP MSG}, what rsyslog and syslog-ng send with {@code framing="octet-counted"}) and newline-terminated
 * (what {@code logger --tcp} sends). A frame that starts with digits not followed by a space is a newline frame.
 */
final class SyslogFrameReader {
  /** More digits than this cannot be a frame length (the message limit is far below a billion bytes). */
  private static final int MAX_DIGITS = 9;

  private final ByteReader in;

  SyslogFrameReader(InputStream in) {
    this.in = new ByteReader(in);
  }

  /**
   * Reads the next message into {@code out} (cleared first; bounded by it).
   *
   * @return false at the end of the stream
   */
  boolean next(LineBuffer out) throws IOException {
    out.clear();
    int b = in.read();
    while (b == '\n' || b == '\r' || b == 0) {
      b = in.read();
    }
    if (b < 0) {
      return false;
    }
    if (b >= '1' && b <= '9') {
      byte[] digits = new byte[MAX_DIGITS];
      int n = 0;
      long length = 0;
      int c = b;
      while (c >= '0' && c <= '9' && n < MAX_DIGITS) {
        digits[n++] = (byte) c;
        length = length * 10 + (c - '0');
        c = in.read();
      }
      if (c == ' ') {
        // A frame cut short by the end of the stream is still shipped, as far as it came.
        return in.readFully(length, out) || !out.isEmpty();
      }
      out.append(digits, 0, n);
      if (c < 0 || c == '\n') {
        return true;
      }
      out.append((byte) c);
    } else {
      out.append((byte) b);
    }
    in.readLine(out);
    return true;
  }
}
