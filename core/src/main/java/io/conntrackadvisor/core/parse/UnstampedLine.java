package io.conntrackadvisor.core.parse;

import io.conntrackadvisor.model.KernelMessage;
import java.time.Instant;

/**
 * Kernel lines that carry no time stamp, as they are pasted into issues and mails: a syslog line whose prefix was cut
 * off ({@code kernel: nf_conntrack: ...}), a line whose start was cut off ({@code obs kernel: [38775494.392631]
 * nf_conntrack: ...}: the first word is what is left of a host name, so it is not used), and bare {@code printk}
 * text as a console shows it ({@code nf_conntrack: table full, dropping packet.}, with or without a {@code <level>}
 * and an uptime). Bare text counts as the kernel's only when it starts with the prefix of a conntrack or
 * rate-limiter message, so an application quoting one is not read as a drop. Such lines take the context's host; their
 * time is the context's {@code now} ({@link ParseResult#stamped()} false), or boot time plus the uptime when a boot
 * time is given.
 */
final class UnstampedLine {
  private static final String KERNEL_TAG = "kernel: ";
  private static final String[] PRINTK_PREFIXES = {"nf_conntrack: ", "ip_conntrack: ", "net_ratelimit: ",
      "__ratelimit: ", "NET: ", "printk: "};

  private UnstampedLine() {
  }

  /** The rest of the line at {@code cur} (after an optional {@code <PRI>}) as an unstamped kernel line, if it is one. */
  static ParseResult parse(LineParser.Cursor cur, Integer pri, ParseContext ctx) {
    String rest = cur.rest();
    String msg;
    int tag = rest.indexOf(' ' + KERNEL_TAG);
    if (rest.startsWith(KERNEL_TAG)) {
      msg = rest.substring(KERNEL_TAG.length());
    } else if (tag > 0 && rest.indexOf(' ') == tag) {
      msg = rest.substring(tag + 1 + KERNEL_TAG.length());
    } else if (isPrintk(LineParser.stripUptime(rest))) {
      msg = rest;
    } else {
      return ParseResult.skip(SkipReason.UNRECOGNIZED_FORMAT);
    }
    msg = msg.stripLeading();
    String host = ctx.defaultHost();
    if (host == null) {
      return ParseResult.skip(SkipReason.NO_HOST);
    }
    String text = LineParser.stripUptime(msg);
    Instant booted = ctx.bootTime() == null || text.length() == msg.length() ? null
        : LineParser.uptimeToInstant(msg.substring(1, msg.indexOf(']')).trim(), ctx);
    KernelMessage m = LineParser.message(host, booted == null ? ctx.now() : booted, pri, null, "kernel", text, ctx);
    return booted == null ? ParseResult.unstamped(m) : ParseResult.of(m);
  }

  private static boolean isPrintk(String text) {
    // a loop, not a stream: it runs for every unstamped line (a `dmesg -t` log is nothing else)
    for (String p : PRINTK_PREFIXES) {
      if (text.startsWith(p)) {
        return true;
      }
    }
    return false;
  }
}
