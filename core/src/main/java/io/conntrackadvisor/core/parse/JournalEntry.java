package io.conntrackadvisor.core.parse;

import io.conntrackadvisor.model.KernelMessage;
import java.time.Instant;

/**
 * The fields of one journal entry that a {@link KernelMessage} needs, as journalctl printed them (numbers as their
 * text, binary values decoded leniently), whether read from {@code -o json} ({@link JournalJsonParser}) or from
 * {@code -o export} ({@code ship}'s journald source); {@link #toMessage} is the one rule that makes the message.
 *
 * @param cursor       {@code __CURSOR}
 * @param message      {@code MESSAGE}; null when missing or an array that is not of byte values
 * @param messageBytes the bytes of a {@code MESSAGE} given as binary data (a JSON array of byte values, an export
 *                     format's binary field), else null
 * @param realtime     {@code __REALTIME_TIMESTAMP}, microseconds since the epoch
 * @param host         {@code _HOSTNAME}
 * @param bootId       {@code _BOOT_ID}
 * @param priority     {@code PRIORITY}
 * @param facility     {@code SYSLOG_FACILITY}
 * @param transport    {@code _TRANSPORT}
 * @param identifier   {@code SYSLOG_IDENTIFIER}
 */
public record JournalEntry(String cursor, String message, byte[] messageBytes, String realtime, String host,
    String bootId, String priority, String facility, String transport, String identifier) {

  /** The message of this entry; the host is {@code _HOSTNAME}, else the context's default host. */
  public ParseResult toMessage(ParseContext ctx) {
    Long micros = parseLong(realtime);
    if (message == null) {
      return ParseResult.skip(SkipReason.BAD_JSON);
    }
    if (micros == null) {
      return ParseResult.skip(SkipReason.BAD_TIMESTAMP);
    }
    String h = host == null || host.isEmpty() ? ctx.defaultHost() : host;
    if (h == null) {
      return ParseResult.skip(SkipReason.NO_HOST);
    }
    Instant t = Instant.ofEpochSecond(micros / 1_000_000, (micros % 1_000_000) * 1000);
    Long prio = parseLong(priority);
    Long fac = parseLong(facility);
    return ParseResult.of(new KernelMessage(h, t, bootId, prio == null ? null : prio.intValue(),
        fac == null ? null : fac.intValue(), transport, ctx.source() == null ? "journald" : ctx.source(),
        identifier, message, cursor));
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
