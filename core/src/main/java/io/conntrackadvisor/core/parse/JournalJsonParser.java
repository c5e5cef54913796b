package io.conntrackadvisor.core.parse;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.conntrackadvisor.model.Json;
import io.conntrackadvisor.model.KernelMessage;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * One line of {@code journalctl -o json}. A {@code MESSAGE} that is not clean UTF-8 arrives as an array of byte
 * values; it is decoded leniently (invalid bytes become U+FFFD) rather than dropped.
 */
public final class JournalJsonParser {

  private JournalJsonParser() {
  }

  /** Parses one JSON entry; the host is {@code _HOSTNAME}, else the context's default host. */
  public static ParseResult parse(String line, ParseContext ctx) {
    JsonNode n;
    try {
      n = Json.mapper().readTree(line);
    } catch (JsonProcessingException | RuntimeException e) {
      return ParseResult.skip(SkipReason.BAD_JSON);
    }
    if (n == null || !n.isObject()) {
      return ParseResult.skip(SkipReason.BAD_JSON);
    }
    return fromNode(n, ctx);
  }

  /** Builds a message from a parsed journal entry. */
  public static ParseResult fromNode(JsonNode n, ParseContext ctx) {
    String message = decodeField(n.get("MESSAGE"));
    Long micros = parseLong(text(n, "__REALTIME_TIMESTAMP"));
    if (message == null) {
      return ParseResult.skip(SkipReason.BAD_JSON);
    }
    if (micros == null) {
      return ParseResult.skip(SkipReason.BAD_TIMESTAMP);
    }
    String host = text(n, "_HOSTNAME");
    if (host == null || host.isEmpty()) {
      host = ctx.defaultHost();
    }
    if (host == null) {
      return ParseResult.skip(SkipReason.NO_HOST);
    }
    Instant t = Instant.ofEpochSecond(micros / 1_000_000, (micros % 1_000_000) * 1000);
    Long prio = parseLong(text(n, "PRIORITY"));
    Long facility = parseLong(text(n, "SYSLOG_FACILITY"));
    return ParseResult.of(new KernelMessage(host, t, text(n, "_BOOT_ID"),
        prio == null ? null : prio.intValue(), facility == null ? null : facility.intValue(),
        text(n, "_TRANSPORT"), ctx.source() == null ? "journald" : ctx.source(), text(n, "SYSLOG_IDENTIFIER"),
        message, text(n, "__CURSOR")));
  }

  private static String text(JsonNode n, String field) {
    JsonNode v = n.get(field);
    if (v == null || v.isNull()) {
      return null;
    }
    return v.isValueNode() ? v.asText() : decodeField(v);
  }

  /** A journal field: a string, or an array of byte values for binary-unsafe data. */
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

  private static Long parseLong(String s) {
    if (s == null) {
      return null;
    }
    try {
      return Long.parseLong(s.trim());
    } catch (NumberFormatException e) {
      return null;
    }
  }
}
