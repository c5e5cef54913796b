package io.conntrackadvisor.sink.report;

import io.conntrackadvisor.model.BurstFinding;
import io.conntrackadvisor.model.ConntrackSample;
import io.conntrackadvisor.model.DropsFinding;
import io.conntrackadvisor.model.Finding;
import io.conntrackadvisor.model.SaturationFinding;
import io.conntrackadvisor.model.Severity;
import io.conntrackadvisor.model.TopNamespace;
import io.conntrackadvisor.sink.ValidRecommendation;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * What the report knows about one host: its newest advice and forecast and, within the history, the table fill
 * (samples and saturation findings), bursts of table-full messages and drop counts. Updates are idempotent (keyed
 * by time), so replayed records change nothing.
 *
 * <p>Bounded: the newest {@link #RECENT} keeps every sample, older fill one point per {@link #COARSE_STEP} (the
 * fullest), so {@link #MAX_POINTS} points cover a week at any sample interval of a second or more; bursts and drop
 * counts keep at most {@link #MAX_ENTRIES}, the newest.
 *
 * @param host     host name
 * @param advice   the newest recommendation, or null
 * @param forecast when the newest saturation finding expects the table full, or null
 * @param points   table fill over time, oldest first
 * @param bursts   bursts of table-full messages, oldest first
 * @param drops    drop counter increases, oldest first
 */
record HostHistory(String host, Advice advice, Forecast forecast, List<Point> points, List<Burst> bursts,
    List<Drops> drops) {
  /** Bursts and drop counts kept. */
  static final int MAX_ENTRIES = 2000;
  /** How long every sample is kept as it came. */
  static final Duration RECENT = Duration.ofHours(1);
  /** The resolution of older fill. */
  static final Duration COARSE_STEP = Duration.ofMinutes(5);
  /** Points kept: an hour of one-second samples and a week of five-minute points. */
  static final int MAX_POINTS = 3600 + 7 * 24 * 12;

  /** The newest advice, as the report shows it. */
  record Advice(Instant timestamp, Severity severity, Map<String, Long> current, Map<String, Long> recommended,
      List<String> reasons, String digest, List<TopNamespace> namespaces) {
    Advice {
      namespaces = List.copyOf(Objects.requireNonNull(namespaces, "advice without its namespaces"));
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

  /** The trend of the fill at {@code at} ({@code count} of {@code max}) reaches {@code max} at {@code fullAt}. */
  record Forecast(Instant at, long count, long max, Instant fullAt) {
  }

  HostHistory {
    points = points == null ? List.of() : List.copyOf(points);
    bursts = bursts == null ? List.of() : List.copyOf(bursts);
    drops = drops == null ? List.of() : List.copyOf(drops);
  }

  static HostHistory empty(String host) {
    return new HostHistory(host, null, null, List.of(), List.of(), List.of());
  }

  /** With {@code r} as the advice, unless the known advice is newer. */
  HostHistory with(ValidRecommendation r) {
    if (advice != null && advice.timestamp().isAfter(r.timestamp())) {
      return this;
    }
    return new HostHistory(host, new Advice(r.timestamp(), r.severity(), r.current(), r.recommended(), r.reasons(),
        r.digest(), r.namespaces()), forecast, points, bursts, drops);
  }

  /** With the sample's fill as a point. */
  HostHistory with(ConntrackSample s) {
    return new HostHistory(host, advice, forecast, withPoint(new Point(s.timestamp(), s.count(), s.max())), bursts,
        drops);
  }

  private List<Point> withPoint(Point p) {
    return upsert(points, p, Point::timestamp, Point::timestamp, MAX_POINTS);
  }

  /** With the finding added (or replacing the entry it updates). */
  HostHistory with(Finding f) {
    if (f instanceof SaturationFinding s) {
      Forecast next = forecast;
      if (forecast == null || !forecast.at().isAfter(s.timestamp())) {
        next = s.forecastFullAt() == null ? null
            : new Forecast(s.timestamp(), s.count(), s.max(), s.forecastFullAt());
      }
      return new HostHistory(host, advice, next, withPoint(new Point(s.timestamp(), s.count(), s.max())), bursts,
          drops);
    }
    if (f instanceof BurstFinding b) {
      return new HostHistory(host, advice, forecast, points,
          upsert(bursts, new Burst(b.netns(), b.start(), b.end(), b.messages(), b.estimatedDrops()),
              x -> List.of(Objects.toString(x.netns()), x.start()), Burst::start, MAX_ENTRIES),
          drops);
    }
    DropsFinding d = (DropsFinding) f;
    return new HostHistory(host, advice, forecast, points, bursts, upsert(drops, new Drops(d.start(), d.end(),
        d.drops()), x -> List.of(x.start(), x.end()), Drops::end, MAX_ENTRIES));
  }

  /** Without the entries that ended before {@code cutoff}. */
  HostHistory prunedBefore(Instant cutoff) {
    return new HostHistory(host, advice, forecast,
        points.stream().filter(p -> !p.timestamp().isBefore(cutoff)).toList(),
        bursts.stream().filter(b -> !b.end().isBefore(cutoff)).toList(),
        drops.stream().filter(d -> !d.end().isBefore(cutoff)).toList());
  }

  /**
   * Without what ended before {@code cutoff}, and with the fill older than {@link #RECENT} before {@code now} kept
   * as one point per {@link #COARSE_STEP}: the fullest, with the last limit of its step.
   */
  HostHistory trimmed(Instant cutoff, Instant now) {
    HostHistory pruned = prunedBefore(cutoff);
    Instant recent = now.minus(RECENT);
    TreeMap<Long, Point> coarse = new TreeMap<>();
    List<Point> kept = new ArrayList<>();
    long step = COARSE_STEP.toMillis();
    for (Point p : pruned.points()) {
      if (!p.timestamp().isBefore(recent)) {
        kept.add(p);
        continue;
      }
      coarse.merge(Math.floorDiv(p.timestamp().toEpochMilli(), step), p, (a, b) -> a.count() >= b.count()
          ? new Point(a.timestamp(), a.count(), b.max()) : b);
    }
    List<Point> all = new ArrayList<>(coarse.values());
    all.addAll(kept);
    return new HostHistory(host, advice, forecast, all, pruned.bursts(), pruned.drops());
  }

  /** Whether nothing is known: no advice and nothing in the history. */
  boolean knowsNothing() {
    return advice == null && points.isEmpty() && bursts.isEmpty() && drops.isEmpty();
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

  private static <T> List<T> upsert(List<T> list, T item, Function<T, Object> key, Function<T, Instant> time,
      int bound) {
    Object k = key.apply(item);
    List<T> out = new ArrayList<>(list.size() + 1);
    for (T t : list) {
      if (!key.apply(t).equals(k)) {
        out.add(t);
      }
    }
    out.add(item);
    out.sort(Comparator.comparing(time));
    return out.size() <= bound ? out : out.subList(out.size() - bound, out.size());
  }
}
