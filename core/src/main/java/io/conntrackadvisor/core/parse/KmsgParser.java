package io.conntrackadvisor.core.parse;

import io.conntrackadvisor.model.KernelMessage;

/**
 * One record of {@code /dev/kmsg}: {@code prio,seq,usec,flags[,...];message}, followed by optional continuation
 * lines that start with a space ({@code  SUBSYSTEM=...}), which are ignored. The cursor is
 * {@code BOOT_ID:SEQ}: sequence numbers restart at every boot.
 */
public final class KmsgParser {
  private KmsgParser() {
  }

  /** A parsed record with its sequence number (or -1 when it did not parse). */
  public record Record(long seq, ParseResult result) {
  }

  private static final Record UNRECOGNIZED = new Record(-1, ParseResult.skip(SkipReason.UNRECOGNIZED_FORMAT));

  /**
   * Parses a record. {@code ctx.bootTime()} anchors the monotonic microseconds; {@code ctx.defaultHost()} is the
   * host; {@code bootId} goes into the cursor and the message.
   */
  public static Record parse(String record, ParseContext ctx, String bootId) {
    if (record == null) {
      return new Record(-1, ParseResult.skip(SkipReason.EMPTY));
    }
    int semi = record.indexOf(';');
    if (semi <= 0) {
      return UNRECOGNIZED;
    }
    String[] head = record.substring(0, semi).split(",");
    if (head.length < 3) {
      return UNRECOGNIZED;
    }
    long prio;
    long seq;
    long usec;
    try {
      prio = Long.parseLong(head[0]);
      seq = Long.parseLong(head[1]);
      usec = Long.parseLong(head[2]);
    } catch (NumberFormatException e) {
      return UNRECOGNIZED;
    }
    if (ctx.defaultHost() == null) {
      return new Record(seq, ParseResult.skip(SkipReason.NO_HOST));
    }
    String text = record.substring(semi + 1);
    int nl = text.indexOf('\n');
    if (nl >= 0) {
      text = text.substring(0, nl);
    }
    java.time.Instant boot = ctx.bootTime() == null ? java.time.Instant.EPOCH : ctx.bootTime();
    KernelMessage m = new KernelMessage(ctx.defaultHost(), boot.plusNanos(usec * 1000), bootId,
        (int) (prio & 7), (int) (prio >> 3), "kernel", "kmsg", "kernel", unescape(text),
        (bootId == null ? "" : bootId + ":") + seq);
    return new Record(seq, ParseResult.of(m));
  }

  /** The kernel escapes non-printable bytes as {@code \xNN}; keep the text, decode the escapes. */
  static String unescape(String s) {
    if (s.indexOf("\\x") < 0) {
      return s;
    }
    StringBuilder b = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '\\' && i + 3 < s.length() && s.charAt(i + 1) == 'x') {
        try {
          b.append((char) Integer.parseInt(s.substring(i + 2, i + 4), 16));
          i += 3;
          continue;
        } catch (NumberFormatException e) {
          // not an escape: keep the backslash
        }
      }
      b.append(c);
    }
    return b.toString();
  }
}
