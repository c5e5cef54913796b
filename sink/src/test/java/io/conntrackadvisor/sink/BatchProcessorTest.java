package io.conntrackadvisor.sink;

import static org.assertj.core.api.Assertions.assertThat;

import io.conntrackadvisor.sink.RecordHandler.Outcome;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class BatchProcessorTest {
  private static final TopicPartition P0 = new TopicPartition("conntrack-recommendations", 0);
  private static final TopicPartition P1 = new TopicPartition("conntrack-recommendations", 1);

  private int commitsToFail;
  private final MockConsumer<byte[], byte[]> consumer = new MockConsumer<>("earliest") {
    @Override
    public void commitSync(Map<TopicPartition, OffsetAndMetadata> offsets, Duration timeout) {
      if (commitsToFail > 0) {
        commitsToFail--;
        throw new TimeoutException("broker away");
      }
      super.commitSync(offsets, timeout);
    }
  };
  private final SinkMetrics metrics = new SinkMetrics();
  private final Map<Long, Outcome> outcomes = new HashMap<>();
  private final List<String> events = new ArrayList<>();
  private IOException flushFailure;
  private BatchProcessor processor;

  @BeforeEach
  void setUp() {
    consumer.assign(List.of(P0, P1));
    consumer.updateBeginningOffsets(Map.of(P0, 0L, P1, 0L));
    processor = new BatchProcessor(consumer, r -> {
      events.add("handle " + r.partition() + "@" + r.offset());
      return outcomes.getOrDefault(r.offset(), Outcome.DONE);
    }, () -> {
      events.add("flush, committed before: " + committed(P0));
      if (flushFailure != null) {
        throw flushFailure;
      }
    }, metrics);
  }

  private void add(TopicPartition tp, long... offsets) {
    for (long o : offsets) {
      consumer.addRecord(new ConsumerRecord<>(tp.topic(), tp.partition(), o, null,
          ("v" + o).getBytes(StandardCharsets.UTF_8)));
    }
  }

  private Long committed(TopicPartition tp) {
    OffsetAndMetadata m = consumer.committed(Set.of(tp)).get(tp);
    return m == null ? null : m.offset();
  }

  @Test
  void shouldCommitHandledRecordsOnlyAfterTheOutputsFlushed() {
    add(P0, 0, 1, 2);

    boolean retry = processor.process(consumer.poll(Duration.ZERO));

    assertThat(retry).isFalse();
    assertThat(events).containsExactly("handle 0@0", "handle 0@1", "handle 0@2", "flush, committed before: null");
    assertThat(committed(P0)).isEqualTo(3);
  }

  @Test
  void shouldNotCommitPastARecordWhoseOutputFailedAndReadItAgain() {
    add(P0, 0, 1, 2);
    add(P1, 0, 1);
    outcomes.put(1L, Outcome.RETRY);

    boolean retry = processor.process(consumer.poll(Duration.ZERO));

    assertThat(retry).isTrue();
    assertThat(events).doesNotContain("handle 0@2");
    assertThat(committed(P0)).isEqualTo(1);
    assertThat(committed(P1)).isEqualTo(1);
    assertThat(consumer.position(P0)).isEqualTo(1);
    assertThat(consumer.position(P1)).isEqualTo(1);
  }

  @Test
  void shouldProcessTheWholeBatchAgainWhenFlushingFails() {
    add(P0, 5, 6);
    consumer.updateBeginningOffsets(Map.of(P0, 5L));
    flushFailure = new IOException("disk full");

    boolean retry = processor.process(consumer.poll(Duration.ZERO));

    assertThat(retry).isTrue();
    assertThat(committed(P0)).isNull();
    assertThat(consumer.position(P0)).isEqualTo(5);
    assertThat(metrics.get(SinkMetrics.Counter.OUTPUT_FAILURES)).isEqualTo(1);
  }

  @Test
  void shouldCommitWhatWasDoneWhenStoppingAndHandleNothingMore() {
    add(P0, 0, 1, 2);
    outcomes.put(1L, Outcome.STOPPED);

    boolean retry = processor.process(consumer.poll(Duration.ZERO));

    assertThat(retry).isFalse();
    assertThat(events).containsExactly("handle 0@0", "handle 0@1", "flush, committed before: null");
    assertThat(committed(P0)).isEqualTo(1);
  }

  @Test
  void shouldKeepAFailedCommitAndRetryItWithTheNextBatch() {
    add(P0, 0, 1);
    commitsToFail = 1;

    processor.process(consumer.poll(Duration.ZERO));

    assertThat(metrics.get(SinkMetrics.Counter.COMMIT_FAILURES)).isEqualTo(1);
    assertThat(committed(P0)).isNull();

    processor.process(consumer.poll(Duration.ZERO));

    assertThat(committed(P0)).isEqualTo(2);
  }
}
