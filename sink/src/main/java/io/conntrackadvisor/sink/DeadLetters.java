package io.conntrackadvisor.sink;

import io.conntrackadvisor.model.Topics;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Headers;

/**
 * Copies records that cannot be read to the dead-letter topic, key and value byte for byte, with headers that say
 * where they came from and what was wrong. The send is awaited, so the offset of a poison record is committed only
 * once its copy is safe.
 */
final class DeadLetters {
  /** Header: the application that gave up on the record. */
  static final String APP = "dlq.app";
  /** Header: the topic the record was read from. */
  static final String SOURCE_TOPIC = "dlq.source.topic";
  /** Header: its partition. */
  static final String SOURCE_PARTITION = "dlq.source.partition";
  /** Header: its offset. */
  static final String SOURCE_OFFSET = "dlq.source.offset";
  /** Header: the class of the error. */
  static final String ERROR_CLASS = "dlq.error.class";
  /** Header: the error message. */
  static final String ERROR_MESSAGE = "dlq.error.message";
  private static final Duration SEND_TIMEOUT = Duration.ofSeconds(75);

  private final Producer<byte[], byte[]> producer;
  private final Topics.Topic<byte[], byte[]> topic;
  private final SinkMetrics metrics;

  DeadLetters(Producer<byte[], byte[]> producer, Topics.Topic<byte[], byte[]> topic, SinkMetrics metrics) {
    this.producer = producer;
    this.topic = topic;
    this.metrics = metrics;
  }

  /** Sends a copy of {@code record} and waits for the broker's acknowledgement. */
  void send(ConsumerRecord<byte[], byte[]> record, Exception error) throws IOException {
    ProducerRecord<byte[], byte[]> copy = new ProducerRecord<>(topic.name(), null, record.key(), record.value());
    Headers h = copy.headers();
    record.headers().forEach(h::add);
    h.add(APP, utf8("conntrack-advisor-sink"));
    h.add(SOURCE_TOPIC, utf8(record.topic()));
    h.add(SOURCE_PARTITION, utf8(String.valueOf(record.partition())));
    h.add(SOURCE_OFFSET, utf8(String.valueOf(record.offset())));
    h.add(ERROR_CLASS, utf8(error.getClass().getName()));
    h.add(ERROR_MESSAGE, utf8(PlainText.strip(error.getMessage(), 1000)));
    try {
      producer.send(copy).get(SEND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      metrics.increment(SinkMetrics.Counter.DEAD_LETTERS);
    } catch (ExecutionException | TimeoutException | RuntimeException e) {
      // RuntimeException: send() itself refused, e.g. no metadata for the topic within max.block.ms
      throw new IOException("dead-letter topic " + topic.name() + " did not take the record", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while sending to the dead-letter topic", e);
    }
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
