package io.conntrackadvisor.model;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
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
 * @param vps            OpenVZ container number from {@code ip_conntrack: VPS N table full}, else null (and absent
 *                       from the JSON)
 * @param timeEstimated  where the times came from when a line of the burst had no stamp of its own, else null (and
 *                       absent from the JSON)
 */
public record BurstFinding(
    String host,
    Long netns,
    Instant start,
    Instant end,
    long messages,
    long suppressed,
    long estimatedDrops,
    boolean closed,
    @JsonInclude(JsonInclude.Include.NON_NULL) Long vps,
    @JsonInclude(JsonInclude.Include.NON_NULL) TimeEstimate timeEstimated) implements Finding {

  public BurstFinding {
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(start, "start");
    Objects.requireNonNull(end, "end");
  }

  /** A burst with {@code estimatedDrops} derived from its counts. */
  public static BurstFinding of(String host, Long netns, Instant start, Instant end, long messages, long suppressed,
      boolean closed) {
    return of(host, netns, null, start, end, messages, suppressed, closed);
  }

  /** A burst with {@code estimatedDrops} derived from its counts, in an OpenVZ container when {@code vps} is set. */
  public static BurstFinding of(String host, Long netns, Long vps, Instant start, Instant end, long messages,
      long suppressed, boolean closed) {
    return new BurstFinding(host, netns, start, end, messages, suppressed, messages + suppressed, closed, vps, null);
  }

  /** A copy that says where its times came from (null: from the lines' own stamps). */
  public BurstFinding withTimeEstimated(TimeEstimate estimate) {
    return new BurstFinding(host, netns, start, end, messages, suppressed, estimatedDrops, closed, vps, estimate);
  }

  @Override
  @JsonIgnore
  public Instant eventTime() {
    return end;
  }
}
