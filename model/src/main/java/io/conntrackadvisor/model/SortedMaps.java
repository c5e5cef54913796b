package io.conntrackadvisor.model;

import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Immutable copies of the model's maps, sorted by key. The JSON mapping writes map entries in key order; a map
 * that is already sorted is written as it is, where any other map is copied into a sorted one on every write, and
 * the Streams application writes a host's latest sample with its state on every change.
 */
final class SortedMaps {
  private SortedMaps() {
  }

  /** An unmodifiable sorted copy; like {@code Map.copyOf}, null keys and values are refused. */
  static <V> SortedMap<String, V> copyOf(Map<String, ? extends V> m) {
    if (m.isEmpty()) {
      return Collections.emptySortedMap();
    }
    TreeMap<String, V> copy = new TreeMap<>();
    m.forEach((k, v) -> copy.put(Objects.requireNonNull(k, "key"), Objects.requireNonNull(v, "value")));
    return Collections.unmodifiableSortedMap(copy);
  }
}
