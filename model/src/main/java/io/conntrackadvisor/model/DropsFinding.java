package io.conntrackadvisor.model;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.time.Instant;
import java.util.Objects;

/**
 * Drop counters that rose between two samples of one host.
 *
 * @param host         host name
 * @param start        time of the earlier sample
 * @param end          time of the later sample
 * @param drops        increase of {@code drop} (packets dropped because the table was full)
 * @param earlyDrops   increase of {@code early_drop} (entries evicted to make room)
 * @param insertFailed increase of {@code insert_failed}
 */
public record DropsFinding(
    String host,
    Instant start,
    Instant end,
    long drops,
    long earlyDrops,
    long insertFailed) implements Finding {

  public DropsFinding {
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(start, "start");
    Objects.requireNonNull(end, "end");
  }

  @Override
  @JsonIgnore
  public Instant eventTime() {
    return end;
  }
}
