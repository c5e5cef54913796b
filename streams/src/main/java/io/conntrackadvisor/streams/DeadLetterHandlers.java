package io.conntrackadvisor.streams;

import io.conntrackadvisor.streams.AppCounters.Counter;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.streams.errors.DeserializationExceptionHandler;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.LogAndContinueExceptionHandler;
import org.apache.kafka.streams.errors.LogAndContinueProcessingExceptionHandler;
import org.apache.kafka.streams.errors.ProcessingExceptionHandler;
import org.apache.kafka.streams.processor.api.Record;

/**
 * The dead-letter route. Kafka Streams 4.4 builds the dead-letter record itself when
 * {@code errors.dead.letter.queue.topic.name} is set: the original key and value bytes, the original headers, plus
 * {@code __streams.errors.exception}, {@code .message}, {@code .stacktrace}, {@code .topic}, {@code .partition} and
 * {@code .offset}; it is produced in the task's transaction. These handlers keep that behaviour (log, send, resume)
 * and count each record in {@link AppCounters}, which reaches them through the Streams config.
 */
public final class DeadLetterHandlers {
  private DeadLetterHandlers() {
  }

  /** Counts and dead-letters records that cannot be deserialized. */
  public static final class Deserialization extends LogAndContinueExceptionHandler {
    private final CounterLink link = new CounterLink(Counter.DEAD_LETTERED);

    @Override
    public void configure(Map<String, ?> configs) {
      super.configure(configs);
      link.configure(configs);
    }

    @Override
    public DeserializationExceptionHandler.Response handleError(ErrorHandlerContext context,
        ConsumerRecord<byte[], byte[]> record, Exception exception) {
      link.increment();
      return super.handleError(context, record, exception);
    }
  }

  /** Counts and dead-letters records whose processing threw. */
  public static final class Processing extends LogAndContinueProcessingExceptionHandler {
    private final CounterLink link = new CounterLink(Counter.PROCESSING_ERRORS);

    @Override
    public void configure(Map<String, ?> configs) {
      super.configure(configs);
      link.configure(configs);
    }

    @Override
    public ProcessingExceptionHandler.Response handleError(ErrorHandlerContext context, Record<?, ?> record,
        Exception exception) {
      link.increment();
      return super.handleError(context, record, exception);
    }
  }

  /** One counter of the {@link AppCounters} the Streams config carries (private ones when it carries none). */
  private static final class CounterLink {
    private final Counter counter;
    private AppCounters counters = new AppCounters();

    CounterLink(Counter counter) {
      this.counter = counter;
    }

    void configure(Map<String, ?> configs) {
      if (configs.get(AppCounters.CONFIG_KEY) instanceof AppCounters c) {
        counters = c;
      }
    }

    void increment() {
      counters.increment(counter);
    }
  }
}
