package io.conntrackadvisor.sink;

import io.conntrackadvisor.model.Recommendation;
import io.conntrackadvisor.model.Severity;
import io.conntrackadvisor.model.TopNamespace;
import io.conntrackadvisor.model.config.Settings;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Recommendations as the streams application produces them, for tests. */
public final class TestData {
  public static final Instant T = Instant.parse("2026-03-02T08:14:55Z");
  public static final String MAX = "net.netfilter.nf_conntrack_max";
  static final String BUCKETS = "net.netfilter.nf_conntrack_buckets";

  private TestData() {
  }

  /** A critical recommendation raising nf_conntrack_max from 200 to {@code max} on {@code host}. */
  public static Recommendation raiseMax(String host, long max) {
    return raiseMax(host, max, T);
  }

  public static Recommendation raiseMax(String host, long max, Instant at) {
    return new Recommendation(host, at, Severity.CRITICAL, Map.of(MAX, 200L), Map.of(MAX, max),
        List.of("7 table-full messages and 412 suppressed in 6 s", "max = peak 200 x 1.3 headroom, rounded up"),
        MAX + " = " + max + "\n", null);
  }

  /** {@link #raiseMax(String, long)} with the namespaces that hold most entries. */
  public static Recommendation withNamespaces(String host, long max, TopNamespace... top) {
    Recommendation r = raiseMax(host, max);
    return new Recommendation(r.host(), r.timestamp(), r.severity(), r.current(), r.recommended(), r.reasons(),
        r.sysctlConf(), r.modprobeConf(), List.of(top));
  }

  /** A namespace holding {@code count} of 200 entries. */
  public static TopNamespace namespace(long netns, long count, String container, String... processes) {
    return new TopNamespace(netns, count, count / 200.0, 12L, null, container, null, List.of(processes));
  }

  /** A recommendation that also sets the hash size at module load. */
  public static Recommendation withHashsize(String host, long max, long buckets) {
    return new Recommendation(host, T, Severity.WARNING, Map.of(MAX, 65536L, BUCKETS, 16384L),
        Map.of(MAX, max, BUCKETS, buckets), List.of("buckets = max / 4"),
        MAX + " = " + max + "\n" + BUCKETS + " = " + buckets + "\n",
        "options nf_conntrack hashsize=" + buckets + "\n", null, buckets);
  }

  /** Sink settings for tests: the given keys over a local broker address and {@code out}. */
  public static SinkSettings settings(Path out, String... keyValues) {
    Map<String, String> m = new HashMap<>();
    m.put(Settings.BOOTSTRAP_SERVERS, "127.0.0.1:9");
    m.put(SinkSettings.OUT_DIR, out.toString());
    m.put(SinkSettings.WEBHOOK_BACKOFF, "10ms");
    for (int i = 0; i < keyValues.length; i += 2) {
      m.put(keyValues[i], keyValues[i + 1]);
    }
    return SinkSettings.from(Settings.of(m));
  }

  /** A checked form of {@link #raiseMax(String, long)}. */
  public static ValidRecommendation valid(String host, long max) {
    return valid(raiseMax(host, max));
  }

  public static ValidRecommendation valid(Recommendation r) {
    try {
      return new RecommendationValidator(new HostMemory(), 0.5, Clock.systemUTC()).validate(r);
    } catch (RecordRejectedException e) {
      throw new AssertionError(e);
    }
  }
}
