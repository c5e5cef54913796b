package io.conntrackadvisor.streams;

import io.conntrackadvisor.streams.AppCounters.Counter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.streams.processor.TimestampExtractor;

/**
 * Event time is the time the host stamped on the message or sample, not the broker's or this machine's. A record
 * without one (null value) falls back to the record timestamp, then to the partition time. A record stamped more
 * than {@code futureTolerance} ahead of the wall clock is counted and dropped (negative timestamp): one host with a
 * wrong clock must not move stream time forward for every host of its partition.
 */
public final class EventTimeExtractor implements TimestampExtractor {
  private final Clock clock;
  private final long toleranceMs;
  private final AppCounters counters;

  public EventTimeExtractor(Clock clock, Duration futureTolerance, AppCounters counters) {
    this.clock = clock;
    this.toleranceMs = futureTolerance.toMillis();
    this.counters = counters;
  }

  @Override
  public long extract(ConsumerRecord<Object, Object> record, long partitionTime) {
    Object v = record.value();
    if (v == HostEvent.SKIPPED) {
      return Math.max(partitionTime, 0);
    }
    // every source of the topology reads its values as HostEvents (AdvisorTopology)
    Instant t = v instanceof HostEvent e ? e.timestamp() : null;
    long ts = t != null ? t.toEpochMilli() : record.timestamp() >= 0 ? record.timestamp() : partitionTime;
    if (ts > clock.millis() + toleranceMs) {
      counters.increment(Counter.FUTURE_RECORDS);
      return -1;
    }
    return Math.max(ts, 0);
  }
}
