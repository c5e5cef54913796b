package io.conntrackadvisor.core.parse;

import java.time.Instant;
import java.time.ZoneId;

/**
 * What a line does not say about itself: the host for formats without one (dmesg), the year for RFC 3164 stamps,
 * the time zone of local stamps, the boot time that anchors dmesg uptimes, and the source name to record.
 *
 * @param defaultHost host for lines that carry none; null means "unknown" and such lines are skipped
 * @param now         reference time: RFC 3164 stamps get this year, or the previous one if they would lie in the
 *                    future by more than a day
 * @param zone        zone of RFC 3164 and dmesg -T stamps
 * @param bootTime    boot time for {@code [uptime]} dmesg lines; null anchors them at the epoch
 * @param source      value of {@code KernelMessage.source}
 */
public record ParseContext(String defaultHost, Instant now, ZoneId zone, Instant bootTime, String source) {

  /** A copy with another host for lines that carry none. */
  public ParseContext withDefaultHost(String host) {
    return new ParseContext(host, now, zone, bootTime, source);
  }
}
