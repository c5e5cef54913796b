package io.conntrackadvisor.model;

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
  private static final byte[] HEX = "0123456789ABCDEF".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

  private byte[] out;
  private int n;

  private KernelMessageJson(int capacity) {
    out = new byte[capacity];
  }

  /** The message's JSON, UTF-8, one line. */
  public static byte[] write(KernelMessage m) {
    KernelMessageJson w = new KernelMessageJson(192 + m.message().length());
    w.string("{\"host\":", m.host());
    w.raw(",\"timestamp\":\"");
    w.ascii(IsoInstant.append(new StringBuilder(32), m.timestamp()));
    w.raw("\"");
    w.string(",\"bootId\":", m.bootId());
    w.number(",\"priority\":", m.priority());
    w.number(",\"facility\":", m.facility());
    w.string(",\"transport\":", m.transport());
    w.string(",\"source\":", m.source());
    w.string(",\"identifier\":", m.identifier());
    w.string(",\"message\":", m.message());
    w.string(",\"cursor\":", m.cursor());
    w.raw("}");
    return Arrays.copyOf(w.out, w.n);
  }

  private void raw(String ascii) {
    ascii((CharSequence) ascii);
  }

  private void ascii(CharSequence s) {
    room(s.length());
    for (int i = 0; i < s.length(); i++) {
      out[n++] = (byte) s.charAt(i);
    }
  }

  private void number(String name, Integer value) {
    raw(name);
    raw(value == null ? "null" : Integer.toString(value));
  }

  private void string(String name, String value) {
    raw(name);
    if (value == null) {
      raw("null");
      return;
    }
    room(value.length() + 2);
    out[n++] = '"';
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c >= 0x20 && c < 0x80 && c != '"' && c != '\\') {
        if (n == out.length) {
          room(value.length() - i + 1);
        }
        out[n++] = (byte) c;
      } else {
        room(value.length() - i + 6);
        escape(c);
      }
    }
    room(1);
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
