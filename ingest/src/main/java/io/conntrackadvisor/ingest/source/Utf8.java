package io.conntrackadvisor.ingest.source;

import io.conntrackadvisor.core.parse.JournalJsonParser;
import io.conntrackadvisor.model.KernelMessage;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/** UTF-8 helpers for raw log bytes: strict decoding that falls back to lenient, and cutting at a character edge. */
final class Utf8 {
  private Utf8() {
  }

  /**
   * Decoded text.
   *
   * @param text    the text; invalid sequences became U+FFFD
   * @param invalid whether the bytes were not valid UTF-8
   */
  record Text(String text, boolean invalid) {
  }

  /** Decodes {@code len} bytes at {@code off}; invalid UTF-8 is decoded leniently and reported. */
  static Text decode(byte[] bytes, int off, int len) {
    if (ascii(bytes, off, len)) {
      // nearly every log line: no decoder to allocate, and the string is a copy of the bytes
      return new Text(new String(bytes, off, len, StandardCharsets.ISO_8859_1), false);
    }
    try {
      String s = StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes, off, len)).toString();
      return new Text(s, false);
    } catch (CharacterCodingException e) {
      return new Text(JournalJsonParser.lenientUtf8(bytes, off, len), true);
    }
  }

  private static boolean ascii(byte[] bytes, int off, int len) {
    for (int i = off; i < off + len; i++) {
      if (bytes[i] < 0) {
        return false;
      }
    }
    return true;
  }

  /** The largest length up to {@code max} that does not split a multi-byte character. */
  static int cut(byte[] bytes, int off, int len, int max) {
    if (len <= max) {
      return len;
    }
    int n = max;
    while (n > 0 && (bytes[off + n] & 0xC0) == 0x80) {
      n--;
    }
    return n;
  }

  /** {@code m} with its text cut to at most {@code maxBytes} UTF-8 bytes, or null when it already fits. */
  static KernelMessage truncate(KernelMessage m, int maxBytes) {
    if (m.message().length() * 3L <= maxBytes) {
      return null;
    }
    byte[] b = m.message().getBytes(StandardCharsets.UTF_8);
    if (b.length <= maxBytes) {
      return null;
    }
    String cut = new String(b, 0, cut(b, 0, b.length, maxBytes), StandardCharsets.UTF_8);
    return new KernelMessage(m.host(), m.timestamp(), m.bootId(), m.priority(), m.facility(), m.transport(),
        m.source(), m.identifier(), cut, m.cursor());
  }
}
