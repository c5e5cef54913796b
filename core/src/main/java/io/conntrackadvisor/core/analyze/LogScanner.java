package io.conntrackadvisor.core.analyze;

import io.conntrackadvisor.core.parse.JournalJsonParser;
import io.conntrackadvisor.core.parse.LineParser;
import io.conntrackadvisor.core.parse.ParseContext;
import io.conntrackadvisor.core.parse.ParseResult;
import io.conntrackadvisor.model.KernelMessage;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.function.Consumer;

/**
 * Reads a log stream as bytes, like grep: every line is counted, but only lines that can matter are decoded and
 * parsed in full, namely lines containing {@code table full} or {@code suppressed}, and journal JSON lines (whose
 * message may be an array of byte values). Non-UTF-8 bytes are decoded leniently; lines over the limit are cut.
 */
public final class LogScanner {
  /** Longest line parsed; the rest of a longer line is skipped and counted. */
  public static final int MAX_LINE = 64 * 1024;
  private static final byte[] FULL = " full".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
  private static final byte[] TABLE = "table".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
  private static final byte[] SUPPRESSED = "suppressed".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

  private final ParseContext ctx;
  private final ScanStats stats;
  private final Consumer<KernelMessage> out;

  public LogScanner(ParseContext ctx, ScanStats stats, Consumer<KernelMessage> out) {
    this.ctx = ctx;
    this.stats = stats;
    this.out = out;
  }

  /** Scans the whole stream (does not close it). */
  public void scan(InputStream in) throws IOException {
    byte[] buf = new byte[1 << 20];
    int len = 0;
    boolean skippingLongLine = false;
    while (true) {
      int n = in.read(buf, len, buf.length - len);
      if (n < 0) {
        break;
      }
      stats.bytesRead += n;
      len += n;
      int start = 0;
      int nl;
      while ((nl = indexOf(buf, start, len, (byte) '\n')) >= 0) {
        if (skippingLongLine) {
          skippingLongLine = false;
        } else {
          line(buf, start, nl);
        }
        start = nl + 1;
      }
      if (start == 0 && len == buf.length) {
        // No newline in a full buffer: parse the start of the line, skip the rest up to its end.
        if (!skippingLongLine) {
          stats.truncatedLines++;
          line(buf, 0, Math.min(len, MAX_LINE));
        }
        skippingLongLine = true;
        len = 0;
        continue;
      }
      System.arraycopy(buf, start, buf, 0, len - start);
      len -= start;
    }
    if (len > 0 && !skippingLongLine) {
      line(buf, 0, len);
    }
  }

  private void line(byte[] b, int from, int to) {
    stats.linesRead++;
    if (to - from > MAX_LINE) {
      stats.truncatedLines++;
      to = from + MAX_LINE;
    }
    if (!isCandidate(b, from, to)) {
      return;
    }
    stats.candidateLines++;
    String text = JournalJsonParser.lenientUtf8(Arrays.copyOfRange(b, from, to));
    ParseResult r = LineParser.parse(text, ctx);
    if (!r.ok()) {
      stats.skip(r.skipReason());
      return;
    }
    KernelMessage m = r.message();
    if (!m.fromKernel()) {
      stats.ignoredNonKernel++;
      return;
    }
    stats.kernelMessages++;
    out.accept(m);
  }

  /** Journal JSON, or a line with "table full" / "suppressed": a tight byte loop anchored on rare letters. */
  static boolean isCandidate(byte[] b, int from, int to) {
    if (from < to && b[from] == '{') {
      return true;
    }
    for (int i = from; i < to; i++) {
      byte c = b[i];
      if (c == 'f') {
        if (matchesAt(b, i - 1, to, FULL) && matchesAt(b, i - 6, to, TABLE) && i - 6 >= from) {
          return true;
        }
      } else if (c == 'u' && i > from && b[i - 1] == 's' && matchesAt(b, i - 1, to, SUPPRESSED)) {
        return true;
      }
    }
    return false;
  }

  private static boolean matchesAt(byte[] b, int at, int to, byte[] needle) {
    if (at < 0 || at + needle.length > to) {
      return false;
    }
    for (int j = 0; j < needle.length; j++) {
      if (b[at + j] != needle[j]) {
        return false;
      }
    }
    return true;
  }

  private static int indexOf(byte[] b, int from, int to, byte v) {
    for (int i = from; i < to; i++) {
      if (b[i] == v) {
        return i;
      }
    }
    return -1;
  }
}
