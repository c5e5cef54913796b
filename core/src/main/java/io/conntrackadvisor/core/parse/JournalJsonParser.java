package io.conntrackadvisor.core.parse;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import io.conntrackadvisor.model.Json;
import java.io.EOFException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * One line of {@code journalctl -o json}, read as a token stream into a {@link JournalEntry}: only the fields a
 * message needs are kept, every other field is skipped without building it. A {@code MESSAGE} that is not clean
 * UTF-8 arrives as an array of byte values; it is decoded leniently (invalid bytes become U+FFFD) rather than
 * dropped. {@code analyze} reads lines of text, {@code ship}'s cursor probe the bytes journalctl wrote.
 */
public final class JournalJsonParser {

  private JournalJsonParser() {
  }

  /** Parses one JSON entry; the host is {@code _HOSTNAME}, else the context's default host. */
  public static ParseResult parse(String line, ParseContext ctx) {
    JournalEntry e;
    try (JsonParser p = Json.mapper().getFactory().createParser(line)) {
      e = read(p);
    } catch (IOException | RuntimeException ex) {
      e = null;
    }
    return e == null ? ParseResult.skip(SkipReason.BAD_JSON) : e.toMessage(ctx);
  }

  /** Reads the entry in {@code len} bytes of UTF-8 JSON at {@code off}; null when they are not a JSON object. */
  public static JournalEntry read(byte[] bytes, int off, int len) {
    try (JsonParser p = Json.mapper().getFactory().createParser(bytes, off, len)) {
      return read(p);
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  private static JournalEntry read(JsonParser p) throws IOException {
    if (p.nextToken() != JsonToken.START_OBJECT) {
      return null;
    }
    String[] values = new String[JournalEntry.FIELDS.size()];
    byte[] messageBytes = null;
    for (String name = p.nextFieldName(); name != null; name = p.nextFieldName()) {
      JsonToken t = p.nextToken();
      int i = JournalEntry.field(name);
      if (i == JournalEntry.MESSAGE) {
        messageBytes = t == JsonToken.START_ARRAY ? byteValues(p) : null;
        values[i] = t != JsonToken.START_ARRAY ? value(p, t)
            : messageBytes == null ? null : lenientUtf8(messageBytes);
      } else if (i >= 0) {
        values[i] = value(p, t);
      } else {
        p.skipChildren();
      }
    }
    return JournalEntry.of(values, messageBytes);
  }

  /** A field's value as text: a scalar as written, an array of byte values decoded, null for null or an object. */
  private static String value(JsonParser p, JsonToken t) throws IOException {
    if (t == JsonToken.START_ARRAY) {
      byte[] b = byteValues(p);
      return b == null ? null : lenientUtf8(b);
    }
    if (t == JsonToken.START_OBJECT) {
      p.skipChildren();
      return null;
    }
    return t == JsonToken.VALUE_NULL ? null : p.getText();
  }

  /** The array the parser is at, as bytes; null (the array skipped) when an element is not a number in int range. */
  private static byte[] byteValues(JsonParser p) throws IOException {
    byte[] b = new byte[64];
    int n = 0;
    for (JsonToken t = element(p); t != JsonToken.END_ARRAY; t = element(p)) {
      if (!isInt(p, t)) {
        p.skipChildren();
        skipRest(p);
        return null;
      }
      if (n == b.length) {
        b = Arrays.copyOf(b, n * 2);
      }
      b[n++] = (byte) (t == JsonToken.VALUE_NUMBER_INT ? p.getIntValue() : (int) p.getDoubleValue());
    }
    return Arrays.copyOf(b, n);
  }

  /** A number that converts to an int, as a tree's {@code canConvertToInt} says. */
  private static boolean isInt(JsonParser p, JsonToken t) throws IOException {
    if (t == JsonToken.VALUE_NUMBER_INT) {
      return p.getNumberType() == JsonParser.NumberType.INT;
    }
    return t == JsonToken.VALUE_NUMBER_FLOAT && Math.abs(p.getDoubleValue()) <= Integer.MAX_VALUE;
  }

  private static void skipRest(JsonParser p) throws IOException {
    for (JsonToken t = element(p); t != JsonToken.END_ARRAY; t = element(p)) {
      p.skipChildren();
    }
  }

  /** The next token inside an array; the input must not end there. */
  private static JsonToken element(JsonParser p) throws IOException {
    JsonToken t = p.nextToken();
    if (t == null) {
      throw new EOFException("the entry ends inside an array");
    }
    return t;
  }

  /**
   * A journal field read as a tree by the readers of other shippers' JSON ({@link KernelRecords}): a string, or an
   * array of byte values for binary-unsafe data.
   */
  static String decodeField(JsonNode v) {
    if (v == null || v.isNull()) {
      return null;
    }
    if (v.isTextual()) {
      return v.textValue();
    }
    if (v.isArray()) {
      byte[] bytes = new byte[v.size()];
      for (int i = 0; i < bytes.length; i++) {
        JsonNode b = v.get(i);
        if (!b.canConvertToInt()) {
          return null;
        }
        bytes[i] = (byte) b.intValue();
      }
      return lenientUtf8(bytes);
    }
    return v.isValueNode() ? v.asText() : null;
  }

  /**
   * Decodes UTF-8, replacing each malformed sequence with U+FFFD instead of failing ({@code new String} always
   * replaces, and copies pure ASCII without decoding).
   */
  public static String lenientUtf8(byte[] bytes) {
    return new String(bytes, StandardCharsets.UTF_8);
  }

  /** {@link #lenientUtf8(byte[])} of {@code len} bytes at {@code off}. */
  public static String lenientUtf8(byte[] bytes, int off, int len) {
    return new String(bytes, off, len, StandardCharsets.UTF_8);
  }
}
