package io.conntrackadvisor.streams;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Holds a task's records for the grace period and gives them back in event-time order. Keys start with the
 * timestamp as 8 big-endian bytes, so the store's byte order is time order; the source topic, partition and
 * offset follow, which makes keys unique and the order of equal timestamps the same after a restart.
 */
final class ReorderBuffer {
  /** A buffered record: the host (record key) and the event. */
  public record Entry(String host, HostEvent event) {
  }

  private final KeyValueStore<Bytes, Entry> store;

  ReorderBuffer(KeyValueStore<Bytes, Entry> store) {
    this.store = store;
  }

  /** Buffers a record read from {@code source}. */
  void put(long timestamp, RecordMetadata source, String host, HostEvent event) {
    byte[] topic = source.topic().getBytes(StandardCharsets.UTF_8);
    ByteBuffer key = ByteBuffer.allocate(8 + 8 + 4 + topic.length)
        .putLong(timestamp).putLong(source.offset()).putInt(source.partition()).put(topic);
    store.put(Bytes.wrap(key.array()), new Entry(host, event));
  }

  /**
   * Removes and returns, oldest first, every record stamped at or before {@code watermark}. The range ends at the
   * bare 8-byte key of {@code watermark + 1}, which sorts before every full key with that timestamp.
   */
  List<KeyValue<Long, Entry>> takeUpTo(long watermark) {
    List<KeyValue<Long, Entry>> due = new ArrayList<>();
    List<Bytes> keys = new ArrayList<>();
    // A bounded range, not all(): the scan stops at the watermark instead of reading every buffered record.
    try (KeyValueIterator<Bytes, Entry> it = watermark == Long.MAX_VALUE ? store.all()
        : store.range(null, Bytes.wrap(ByteBuffer.allocate(8).putLong(watermark + 1).array()))) {
      while (it.hasNext()) {
        KeyValue<Bytes, Entry> kv = it.next();
        long ts = ByteBuffer.wrap(kv.key.get()).getLong();
        if (ts > watermark) {
          break;
        }
        keys.add(kv.key);
        due.add(KeyValue.pair(ts, kv.value));
      }
    }
    keys.forEach(store::delete);
    return due;
  }
}
