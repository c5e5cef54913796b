package io.conntrackadvisor.model;

import java.util.AbstractMap;
import java.util.Collections;
import java.util.Comparator;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Immutable copies of the model's maps, sorted by key. The JSON mapping writes map entries in key order; a map
 * that is already sorted is written as it is, where any other map is copied into a sorted one on every write, and
 * the Streams application writes a host's latest sample with its state on every change.
 *
 * <p>The copy is made in linear time when the entries already come in key order, as they do from JSON this
 * project wrote: a sample from a real kernel has about forty sysctls whose names share their first 27 characters,
 * and inserting them one by one into a tree was a sixth of the Streams application's stream thread
 * (bench-streams --agent-samples).
 */
final class SortedMaps {
  private SortedMaps() {
  }

  /** An unmodifiable sorted copy; like {@code Map.copyOf}, null keys and values are refused. */
  static <V> SortedMap<String, V> copyOf(Map<String, ? extends V> m) {
    if (m.isEmpty()) {
      return Collections.emptySortedMap();
    }
    boolean ascending = !(m instanceof SortedMap<?, ?> s) || s.comparator() == null;
    String previous = null;
    for (Map.Entry<String, ? extends V> e : m.entrySet()) {
      String key = Objects.requireNonNull(e.getKey(), "key");
      Objects.requireNonNull(e.getValue(), "value");
      ascending = ascending && (previous == null || previous.compareTo(key) < 0);
      previous = key;
    }
    // TreeMap's constructor from a sorted map runs in linear time (its documentation says so)
    TreeMap<String, V> copy = ascending ? new TreeMap<>(new InKeyOrder<>(m)) : new TreeMap<>(m);
    return Collections.unmodifiableSortedMap(copy);
  }

  /**
   * A map whose entries are known to iterate in ascending key order, seen as a sorted map, so that
   * {@code new TreeMap<>(SortedMap)} builds from its comparator, size and entries alone.
   */
  static final class InKeyOrder<V> extends AbstractMap<String, V> implements SortedMap<String, V> {
    private final Map<String, ? extends V> entries;

    InKeyOrder(Map<String, ? extends V> entries) {
      this.entries = entries;
    }

    @Override
    @SuppressWarnings("unchecked")
    public Set<Map.Entry<String, V>> entrySet() {
      return (Set<Map.Entry<String, V>>) (Set<?>) entries.entrySet();
    }

    @Override
    public int size() {
      return entries.size();
    }

    @Override
    public Comparator<? super String> comparator() {
      return null;
    }

    // The rest of SortedMap, for completeness: a tree built from the entries (in linear time) answers it.
    @Override
    public SortedMap<String, V> subMap(String fromKey, String toKey) {
      return new TreeMap<>(this).subMap(fromKey, toKey);
    }

    @Override
    public SortedMap<String, V> headMap(String toKey) {
      return new TreeMap<>(this).headMap(toKey);
    }

    @Override
    public SortedMap<String, V> tailMap(String fromKey) {
      return new TreeMap<>(this).tailMap(fromKey);
    }

    @Override
    public String firstKey() {
      return new TreeMap<>(this).firstKey();
    }

    @Override
    public String lastKey() {
      return new TreeMap<>(this).lastKey();
    }
  }
}
