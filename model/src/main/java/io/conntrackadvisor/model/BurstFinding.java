package io.conntrackadvisor.model;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.time.Instant;
import java.util.Objects;

/**
 * Table-full kernel messages of one host (and network namespace) with gaps below {@code burstGap}.
 *
 * @param host           host name
 * @param netns          network namespace inode from the kernel line, when the kernel names it
 * @param start          first table-full message
 * @param end            last table-full message seen so far
 * @param messages       table-full lines
 * @param suppressed     {@code net_ratelimit: N callbacks suppressed} counts attributed to this burst
 * @param estimatedDrops messages + suppressed: an upper bound of packets dropped
 * @param closed         true once the gap passed with no further message
 */
public record BurstFinding(
    String host,
    Long netns,
    Instant start,
    Instant end,
    long messages,
    long suppressed,
    long estimatedDrops,
    boolean closed) implements Finding {

  public BurstFinding {
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(start, "start");
    Objects.requireNonNull(end, "end");
  }

  /** A burst with {@code estimatedDrops} derived from its counts. */
  public static BurstFinding of(String host, Long netns, Instant start, Instant end, long messages, long suppressed,
      boolean closed) {
    return new BurstFinding(host, netns, start, end, messages, suppressed, messages + suppressed, closed);
  }

  @Override
  @JsonIgnore
  public Instant eventTime() {
    return end;
  }
}
