package io.conntrackadvisor.sink;

import io.conntrackadvisor.model.ConntrackSample;
import io.conntrackadvisor.model.DropsFinding;
import io.conntrackadvisor.model.Finding;
import io.conntrackadvisor.model.Recommendation;
import io.conntrackadvisor.model.SaturationFinding;
import io.conntrackadvisor.model.Topics;
import java.io.IOException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns one consumed record into output: decodes it by topic, checks it, and hands it to the {@link Outputs}.
 * Malformed records go to the dead-letter topic, rejected ones are counted and logged; neither stops the sink.
 */
final class RecordHandler {
  private static final Logger LOG = LoggerFactory.getLogger(RecordHandler.class);

  /** What became of one record. */
  enum Outcome {
    /** Fully handled (written, rejected or dead-lettered): its offset may be committed. */
    DONE,
    /** An output failed for now: process the record again later, do not commit past it. */
    RETRY,
    /** The sink is stopping before the record was fully handled: do not commit it. */
    STOPPED
  }

  private final Topics topics;
  private final RecommendationValidator validator;
  /** Where samples tell each host's RAM; null when the settings do not learn it from samples. */
  private final HostMemory memory;
  private final Outputs outputs;
  private final DeadLetters deadLetters;
  private final SinkMetrics metrics;

  RecordHandler(Topics topics, RecommendationValidator validator, HostMemory memory, Outputs outputs,
      DeadLetters deadLetters, SinkMetrics metrics) {
    this.topics = topics;
    this.validator = validator;
    this.memory = memory;
    this.outputs = outputs;
    this.deadLetters = deadLetters;
    this.metrics = metrics;
  }

  Outcome handle(ConsumerRecord<byte[], byte[]> record) {
    metrics.countConsumed(record.topic());
    try {
      return route(record);
    } catch (SerializationException e) {
      reject(record, RejectReason.MALFORMED, e.getMessage());
      return deadLetter(record, e);
    } catch (RecordRejectedException e) {
      reject(record, e.reason(), e.getMessage());
      return Outcome.DONE;
    } catch (IOException e) {
      metrics.increment(SinkMetrics.Counter.OUTPUT_FAILURES);
      LOG.warn("output failed for {}-{}@{}, will retry: {}", record.topic(), record.partition(), record.offset(),
          e.toString());
      return Outcome.RETRY;
    } catch (RuntimeException e) {
      // a bug must not stop the fleet's sink nor make it retry one record forever: keep the record aside
      LOG.error("unexpected failure on {}-{}@{}", record.topic(), record.partition(), record.offset(), e);
      metrics.countRejected(RejectReason.ERROR);
      return deadLetter(record, e);
    }
  }

  private Outcome route(ConsumerRecord<byte[], byte[]> record) throws IOException, RecordRejectedException {
    if (record.value() == null) {
      return Outcome.DONE; // a tombstone on the compacted topic: nothing to emit
    }
    String topic = record.topic();
    if (topic.equals(topics.recommendations().name())) {
      Recommendation r = topics.recommendations().valueSerde().deserializer().deserialize(topic, record.value());
      return outputs.recommendation(validator.validate(r)) ? Outcome.DONE : Outcome.STOPPED;
    }
    if (topic.equals(topics.findings().name())) {
      outputs.finding(checked(topics.findings().valueSerde().deserializer().deserialize(topic, record.value())));
    } else if (topic.equals(topics.conntrackSamples().name())) {
      ConntrackSample s = topics.conntrackSamples().valueSerde().deserializer().deserialize(topic, record.value());
      HostNames.check(s.host());
      if (memory != null) {
        memory.learn(s);
      }
      if (validator.timely(s.timestamp())) { // a sample from a skewed clock would stretch its chart's axis
        outputs.sample(s);
      }
    }
    return Outcome.DONE;
  }

  private Finding checked(Finding f) throws RecordRejectedException {
    HostNames.check(f.host());
    validator.checkTime(f.eventTime());
    boolean negative = f instanceof SaturationFinding s && (s.count() < 0 || s.max() < 0)
        || f instanceof DropsFinding d && d.drops() < 0;
    if (negative) {
      throw new RecordRejectedException(RejectReason.VALUE_RANGE, "negative count in a finding");
    }
    return f;
  }

  private Outcome deadLetter(ConsumerRecord<byte[], byte[]> record, Exception error) {
    try {
      deadLetters.send(record, error);
      return Outcome.DONE;
    } catch (IOException e) {
      metrics.increment(SinkMetrics.Counter.OUTPUT_FAILURES);
      LOG.warn("could not dead-letter {}-{}@{}, will retry: {}", record.topic(), record.partition(),
          record.offset(), e.toString());
      return Outcome.RETRY;
    }
  }

  private void reject(ConsumerRecord<byte[], byte[]> record, RejectReason reason, String detail) {
    metrics.countRejected(reason);
    LOG.warn("rejected {}-{}@{} ({}): {}", record.topic(), record.partition(), record.offset(), reason.label(),
        PlainText.strip(detail, 300));
  }
}
