package io.conntrackadvisor.core.parse;

import io.conntrackadvisor.model.KernelMessage;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

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

  /** The journal fields an entry keeps, in the order of {@link #of}'s values; every other field is skipped. */
  public static final List<String> FIELDS = List.of("__CURSOR", "MESSAGE", "__REALTIME_TIMESTAMP", "_HOSTNAME",
      "_BOOT_ID", "PRIORITY", "SYSLOG_FACILITY", "_TRANSPORT", "SYSLOG_IDENTIFIER");
  /** The index of {@code MESSAGE} in {@link #FIELDS}. */
  public static final int MESSAGE = 1;
  private static final Map<String, Integer> INDEX = IntStream.range(0, FIELDS.size()).boxed()
      .collect(Collectors.toUnmodifiableMap(FIELDS::get, i -> i));

  /** The index of the field {@code name} in {@link #FIELDS}, or -1 for a field the entry does not keep. */
  public static int field(String name) {
    return INDEX.getOrDefault(name, -1);
  }

  /**
   * An entry from the text of each of {@link #FIELDS} (null for a missing one) and, when {@code MESSAGE} was binary
   * data, its bytes.
   */
  public static JournalEntry of(String[] values, byte[] messageBytes) {
    return new JournalEntry(values[0], values[MESSAGE], messageBytes, values[2], values[3], values[4], values[5],
        values[6], values[7], values[8]);
  }

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
