package io.conntrackadvisor.streams;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BiFunction;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * A state store with the values of its recently used keys kept as objects in front of it: every write still goes
 * to the store (and its changelog) at once, but a read of a recent key is not fetched and parsed again. A processor
 * makes one in each {@code init}, which Kafka Streams calls again whenever it restores the task's stores, so the
 * objects never outlive the store contents they mirror.
 */
final class CachedStore<K, V> {
  private final KeyValueStore<K, V> store;
  private final Map<K, V> recent;
  /** Completes a value read from the store (with what lives in another store) before it is kept. */
  private final BiFunction<K, V, V> onLoad;

  CachedStore(KeyValueStore<K, V> store, int capacity, BiFunction<K, V, V> onLoad) {
    this.store = store;
    this.onLoad = onLoad;
    this.recent = new LinkedHashMap<>(16, 0.75f, true) {
      private static final long serialVersionUID = 1L;

      @Override
      protected boolean removeEldestEntry(Map.Entry<K, V> eldest) {
        return size() > capacity;
      }
    };
  }

  /** The value of {@code key}, or null. */
  V get(K key) {
    V v = recent.get(key);
    if (v == null) {
      v = store.get(key);
      if (v != null) {
        v = onLoad.apply(key, v);
        recent.put(key, v);
      }
    }
    return v;
  }

  void put(K key, V value) {
    recent.put(key, value);
    store.put(key, value);
  }

  /** Deletes {@code key}. */
  void delete(K key) {
    recent.remove(key);
    store.delete(key);
  }

  /** Every entry of the store (the caller closes the iterator). */
  KeyValueIterator<K, V> all() {
    return store.all();
  }
}
