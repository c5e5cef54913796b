package io.conntrackadvisor.ingest.source;

import io.conntrackadvisor.core.parse.JournalEntry;
import io.conntrackadvisor.core.parse.JournalJsonParser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Reads the entries {@code journalctl -o export} prints (systemd's Journal Export Format): one field a line,
 * {@code NAME=value}; a value that is not printable text as its name alone on a line, its length (64-bit
 * little-endian), its bytes and a newline; an empty line after each entry. Only the fields a {@link JournalEntry}
 * needs become text, the others are skipped. journalctl writes this format for a quarter of the CPU time it needs
 * for {@code -o json} (BENCHMARKS.md, "ship against rsyslog and journalctl").
 */
final class JournalExportReader {
  private static final byte[][] NAME_BYTES = JournalEntry.FIELDS.stream()
      .map(n -> n.getBytes(StandardCharsets.US_ASCII)).toArray(byte[][]::new);

  private final ByteReader in;
  private final LineBuffer field;
  private final String[] values = new String[NAME_BYTES.length];
  private byte[] messageBytes;

  /**
   * @param in            journalctl's output
   * @param maxFieldBytes longest value kept whole; the rest of a longer one is dropped (a message is cut to
   *                      {@code max.message.bytes} later anyway)
   */
  JournalExportReader(ByteReader in, int maxFieldBytes) {
    this.in = in;
    this.field = new LineBuffer(maxFieldBytes);
  }

  /**
   * The next entry, or null when the stream ended. An entry the end cut off is not returned: journalctl runs again
   * after the last whole entry.
   *
   * @throws IOException when reading failed or a binary value is not followed by its newline
   */
  JournalEntry next() throws IOException {
    Arrays.fill(values, null);
    messageBytes = null;
    boolean any = false;
    while (true) {
      field.clear();
      if (!in.readLine(field)) {
        return null;
      }
      if (field.isEmpty()) {
        if (any) {
          return JournalEntry.of(values, messageBytes);
        }
        continue;
      }
      any = true;
      byte[] b = field.bytes();
      int eq = indexOf(b, field.length(), (byte) '=');
      if (eq >= 0) {
        int i = wanted(b, eq);
        if (i >= 0) {
          values[i] = new String(b, eq + 1, field.length() - eq - 1, StandardCharsets.UTF_8);
        }
      } else if (!binary(wanted(b, field.length()))) {
        return null;
      }
    }
  }

  /** Reads a binary value after its name; false when the stream ended within it. */
  private boolean binary(int i) throws IOException {
    long size = 0;
    for (int shift = 0; shift < 64; shift += 8) {
      int c = in.read();
      if (c < 0) {
        return false;
      }
      size |= (long) c << shift;
    }
    if (size < 0) {
      throw new IOException("journalctl -o export gave a field of " + Long.toUnsignedString(size) + " bytes");
    }
    field.clear();
    if (!in.readFully(size, field)) {
      return false;
    }
    int end = in.read();
    if (end < 0) {
      return false;
    }
    if (end != '\n') {
      throw new IOException("journalctl -o export: a binary field is not followed by a newline");
    }
    if (i >= 0) {
      byte[] v = Arrays.copyOf(field.bytes(), field.length());
      values[i] = JournalJsonParser.lenientUtf8(v);
      if (i == JournalEntry.MESSAGE) {
        messageBytes = v;
      }
    }
    return true;
  }

  /** The index of the wanted field named by the first {@code len} bytes of {@code b}, or -1. */
  private static int wanted(byte[] b, int len) {
    for (int i = 0; i < NAME_BYTES.length; i++) {
      byte[] name = NAME_BYTES[i];
      if (name.length == len && Arrays.equals(name, 0, len, b, 0, len)) {
        return i;
      }
    }
    return -1;
  }

  private static int indexOf(byte[] b, int len, byte c) {
    for (int i = 0; i < len; i++) {
      if (b[i] == c) {
        return i;
      }
    }
    return -1;
  }
}
