package io.conntrackadvisor.streams;

import io.conntrackadvisor.core.parse.DecodedRecord;
import io.conntrackadvisor.core.parse.InputFormat;
import io.conntrackadvisor.core.parse.JournalJsonParser;
import io.conntrackadvisor.core.parse.ParseContext;
import io.conntrackadvisor.streams.AppCounters.Counter;
import java.time.Clock;
import java.time.ZoneOffset;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Reads a record of a log shipper's topic with the core {@link InputFormat} that {@code analyze --input-format}
 * uses: a kernel message becomes a {@link HostEvent} (its host from the record, whatever the key); another
 * program's record is counted ({@link Counter#OTHER_PROGRAMS_RECORDS}) and becomes {@link HostEvent#SKIPPED}; a
 * record that cannot be read throws, so that the deserialization handler sends it to the dead-letter topic with
 * the reason in its {@code __streams.errors.message} header. RFC 3164 stamps, which carry no year, take the
 * wall clock's year, and stamps without a zone are UTC.
 */
final class ShippedKernelDeserializer implements Deserializer<HostEvent> {
  private final String topic;
  private final InputFormat format;
  private final Clock clock;
  private final AppCounters counters;

  ShippedKernelDeserializer(String topic, InputFormat format, Clock clock, AppCounters counters) {
    this.topic = topic;
    this.format = format;
    this.clock = clock;
    this.counters = counters;
  }

  @Override
  public HostEvent deserialize(String t, byte[] bytes) {
    if (bytes == null) {
      return null;
    }
    String text = JournalJsonParser.lenientUtf8(bytes);
    DecodedRecord r = format.decode(text, new ParseContext(null, clock.instant(), ZoneOffset.UTC, null, null));
    return switch (r.outcome()) {
      case KERNEL -> HostEvent.of(r.message());
      case OTHER -> {
        counters.increment(Counter.OTHER_PROGRAMS_RECORDS);
        yield HostEvent.SKIPPED;
      }
      case UNREADABLE -> throw new SerializationException("a record on " + topic + " is not a " + format.name()
          + " record: " + r.reason());
    };
  }
}
