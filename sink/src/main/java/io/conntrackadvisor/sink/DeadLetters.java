package io.conntrackadvisor.sink;

import io.conntrackadvisor.model.DeadLetterHeaders;
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
 * Copies records that cannot be read to the dead-letter topic, key and value byte for byte, with the
 * {@link DeadLetterHeaders} that say where they came from and what was wrong. The send is awaited, so the offset of a poison record is committed only
 * once its copy is safe.
 */
final class DeadLetters {
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
    h.add(DeadLetterHeaders.TOPIC, utf8(record.topic()));
    h.add(DeadLetterHeaders.PARTITION, utf8(String.valueOf(record.partition())));
    h.add(DeadLetterHeaders.OFFSET, utf8(String.valueOf(record.offset())));
    h.add(DeadLetterHeaders.EXCEPTION, utf8(error.getClass().getName()));
    h.add(DeadLetterHeaders.MESSAGE, utf8(PlainText.strip(error.getMessage(), 1000)));
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
