package io.conntrackadvisor.sink;

import io.conntrackadvisor.model.BurstFinding;
import io.conntrackadvisor.model.DropsFinding;
import io.conntrackadvisor.model.Finding;
import io.conntrackadvisor.model.SaturationFinding;
import io.conntrackadvisor.model.Severity;
import io.conntrackadvisor.model.TopNamespace;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * What the report knows about one host: its newest advice and, within the report window, the table fill
 * (saturation findings), bursts of table-full messages and drop counts. Updates are idempotent (keyed by time), so
 * replayed records change nothing; each list keeps at most {@link #MAX_ENTRIES}, the newest.
 *
 * @param host   host name
 * @param advice the newest recommendation, or null
 * @param points table fill over time, oldest first
 * @param bursts bursts of table-full messages, oldest first
 * @param drops  drop counter increases, oldest first
 */
record HostHistory(String host, Advice advice, List<Point> points, List<Burst> bursts, List<Drops> drops) {
  /** Entries kept per list: a sample every 45 s for a day. */
  static final int MAX_ENTRIES = 2000;

  /** The newest advice, as the report shows it; {@code namespaces} is empty in histories saved before it existed. */
  record Advice(Instant timestamp, Severity severity, Map<String, Long> current, Map<String, Long> recommended,
      List<String> reasons, String digest, List<TopNamespace> namespaces) {
    Advice {
      namespaces = namespaces == null ? List.of() : List.copyOf(namespaces);
    }
  }

  /** The table's fill at one time. */
  record Point(Instant timestamp, long count, long max) {
  }

  /** A burst of table-full messages (updated while it grows). */
  record Burst(Long netns, Instant start, Instant end, long messages, long estimatedDrops) {
  }

  /** Packets dropped between two samples. */
  record Drops(Instant start, Instant end, long drops) {
  }

  HostHistory {
    points = points == null ? List.of() : List.copyOf(points);
    bursts = bursts == null ? List.of() : List.copyOf(bursts);
    drops = drops == null ? List.of() : List.copyOf(drops);
  }

  static HostHistory empty(String host) {
    return new HostHistory(host, null, List.of(), List.of(), List.of());
  }

  /** With {@code r} as the advice, unless the known advice is newer. */
  HostHistory with(ValidRecommendation r) {
    if (advice != null && advice.timestamp().isAfter(r.timestamp())) {
      return this;
    }
    return new HostHistory(host, new Advice(r.timestamp(), r.severity(), r.current(), r.recommended(), r.reasons(),
        r.digest(), r.namespaces()), points, bursts, drops);
  }

  /** With the finding added (or replacing the entry it updates). */
  HostHistory with(Finding f) {
    if (f instanceof SaturationFinding s) {
      return new HostHistory(host, advice,
          upsert(points, new Point(s.timestamp(), s.count(), s.max()), Point::timestamp, Point::timestamp),
          bursts, drops);
    }
    if (f instanceof BurstFinding b) {
      return new HostHistory(host, advice, points,
          upsert(bursts, new Burst(b.netns(), b.start(), b.end(), b.messages(), b.estimatedDrops()),
              x -> List.of(Objects.toString(x.netns()), x.start()), Burst::start),
          drops);
    }
    DropsFinding d = (DropsFinding) f;
    return new HostHistory(host, advice, points, bursts,
        upsert(drops, new Drops(d.start(), d.end(), d.drops()), x -> List.of(x.start(), x.end()), Drops::end));
  }

  /** Without the entries that ended before {@code cutoff}. */
  HostHistory prunedBefore(Instant cutoff) {
    return new HostHistory(host, advice,
        points.stream().filter(p -> !p.timestamp().isBefore(cutoff)).toList(),
        bursts.stream().filter(b -> !b.end().isBefore(cutoff)).toList(),
        drops.stream().filter(d -> !d.end().isBefore(cutoff)).toList());
  }

  /** The newest fill, or null. */
  Point latest() {
    return points.isEmpty() ? null : points.get(points.size() - 1);
  }

  /** Table usage of the newest fill between 0 and 1, or null when unknown. */
  Double utilization() {
    Point p = latest();
    return p == null || p.max() <= 0 ? null : (double) p.count() / (double) p.max();
  }

  private static <T> List<T> upsert(List<T> list, T item, Function<T, Object> key, Function<T, Instant> time) {
    Object k = key.apply(item);
    List<T> out = new ArrayList<>(list.size() + 1);
    for (T t : list) {
      if (!key.apply(t).equals(k)) {
        out.add(t);
      }
    }
    out.add(item);
    out.sort(Comparator.comparing(time));
    return out.size() <= MAX_ENTRIES ? out : out.subList(out.size() - MAX_ENTRIES, out.size());
  }
}
