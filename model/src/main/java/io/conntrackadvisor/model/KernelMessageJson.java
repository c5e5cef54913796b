package io.conntrackadvisor.model;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Kernel messages as JSON, written field by field into UTF-8 bytes instead of through Jackson's databind: the same
 * bytes as {@link Json#writeBytes} (KernelMessageJsonTest compares the two on random messages, odd strings
 * included), at a fraction of the cost and garbage. The agent writes one per shipped line, and databind was the
 * largest single cost of its reading thread (bench-ship's profile). Strings are escaped as Jackson's byte generator
 * escapes them: {@code \\n}-style short escapes, {@code \\u00XX} for other control characters, {@code \\uXXXX} for
 * surrogates; instants as {@link IsoInstant} writes them.
 */
public final class KernelMessageJson {
  private static final byte[] HEX = ascii("0123456789ABCDEF");
  private static final byte[] HOST = ascii("{\"host\":");
  private static final byte[] TIMESTAMP = ascii(",\"timestamp\":\"");
  private static final byte[] BOOT_ID = ascii("\",\"bootId\":");
  private static final byte[] PRIORITY = ascii(",\"priority\":");
  private static final byte[] FACILITY = ascii(",\"facility\":");
  private static final byte[] TRANSPORT = ascii(",\"transport\":");
  private static final byte[] SOURCE = ascii(",\"source\":");
  private static final byte[] IDENTIFIER = ascii(",\"identifier\":");
  private static final byte[] MESSAGE = ascii(",\"message\":");
  private static final byte[] CURSOR = ascii(",\"cursor\":");
  private static final byte[] NULL = ascii("null");

  private byte[] out;
  private int n;

  private KernelMessageJson(int capacity) {
    out = new byte[capacity];
  }

  /** The message's JSON, UTF-8, one line. */
  public static byte[] write(KernelMessage m) {
    KernelMessageJson w = new KernelMessageJson(192 + m.message().length());
    w.string(HOST, m.host());
    w.raw(TIMESTAMP);
    w.room(IsoInstant.MAX_LENGTH);
    w.n = IsoInstant.write(w.out, w.n, m.timestamp());
    w.string(BOOT_ID, m.bootId());
    w.number(PRIORITY, m.priority());
    w.number(FACILITY, m.facility());
    w.string(TRANSPORT, m.transport());
    w.string(SOURCE, m.source());
    w.string(IDENTIFIER, m.identifier());
    w.string(MESSAGE, m.message());
    w.string(CURSOR, m.cursor());
    w.room(1);
    w.out[w.n++] = '}';
    return Arrays.copyOf(w.out, w.n);
  }

  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }

  private void raw(byte[] ascii) {
    room(ascii.length);
    System.arraycopy(ascii, 0, out, n, ascii.length);
    n += ascii.length;
  }

  private void number(byte[] name, Integer value) {
    raw(name);
    if (value == null) {
      raw(NULL);
    } else if (value >= 0 && value < 10) {
      room(1);
      out[n++] = (byte) ('0' + value);
    } else {
      raw(ascii(Integer.toString(value)));
    }
  }

  private void string(byte[] name, String value) {
    raw(name);
    if (value == null) {
      raw(NULL);
      return;
    }
    // room for the quotes and one byte a character; an escape makes room for the rest itself
    room(value.length() + 2);
    out[n++] = '"';
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c >= 0x20 && c < 0x80 && c != '"' && c != '\\') {
        out[n++] = (byte) c;
      } else {
        room(value.length() - i + 6);
        escape(c);
      }
    }
    out[n++] = '"';
  }

  /** One character that is not printable ASCII, as Jackson's UTF-8 generator writes it. */
  private void escape(char c) {
    if (c == '"' || c == '\\') {
      out[n++] = '\\';
      out[n++] = (byte) c;
    } else if (c < 0x20) {
      int shortForm = switch (c) {
        case '\b' -> 'b';
        case '\t' -> 't';
        case '\n' -> 'n';
        case '\f' -> 'f';
        case '\r' -> 'r';
        default -> 0;
      };
      if (shortForm != 0) {
        out[n++] = '\\';
        out[n++] = (byte) shortForm;
      } else {
        unicode(c);
      }
    } else if (c < 0x800) {
      out[n++] = (byte) (0xC0 | c >> 6);
      out[n++] = (byte) (0x80 | c & 0x3F);
    } else if (Character.isSurrogate(c)) {
      unicode(c);
    } else {
      out[n++] = (byte) (0xE0 | c >> 12);
      out[n++] = (byte) (0x80 | c >> 6 & 0x3F);
      out[n++] = (byte) (0x80 | c & 0x3F);
    }
  }

  private void unicode(char c) {
    out[n++] = '\\';
    out[n++] = 'u';
    for (int shift = 12; shift >= 0; shift -= 4) {
      out[n++] = HEX[c >> shift & 0xF];
    }
  }

  private void room(int more) {
    if (n + more > out.length) {
      out = Arrays.copyOf(out, Math.max(out.length * 2, n + more));
    }
  }
}
