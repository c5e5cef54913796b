package io.conntrackadvisor.model.ops;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.DoubleSupplier;

/**
 * The metrics of one command ({@code ship}, {@code streams}, {@code sink}): one Micrometer Prometheus registry, its
 * counters and gauges named under the command's prefix ({@code conntrack_advisor_ship_}), and the Kafka binders'
 * meters beside them. {@link OpsServer} serves its text on {@code /metrics}.
 *
 * <p>Counters are looked up once per name and label values and kept: the agent counts every line it reads.
 */
public final class Metrics {
  /** The content type of {@link #scrape()}. */
  public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

  private record Key(String name, List<String> labels) {
  }

  private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final String prefix;
  private final Map<Key, Counter> counters = new ConcurrentHashMap<>();

  /** Metrics named {@code prefix + name}, e.g. {@code conntrack_advisor_sink_}. */
  public Metrics(String prefix) {
    this.prefix = prefix;
  }

  /** The registry, for Micrometer's binders (Kafka clients, Kafka Streams, the JVM). */
  public PrometheusMeterRegistry registry() {
    return registry;
  }

  /**
   * The counter {@code name} (without {@code _total}, which the exposition adds) with the label pairs
   * {@code labels} ({@code "source", "journald"}); created at 0 on first use.
   */
  public Counter counter(String name, String help, String... labels) {
    return counters.computeIfAbsent(new Key(name, List.of(labels)), k -> Counter.builder(prefix + name)
        .description(help).tags(Tags.of(labels)).register(registry));
  }

  /** The value of a counter, summed over every label value not given in {@code labels}. */
  public long count(String name, String... labels) {
    double sum = 0;
    for (Counter c : registry.find(prefix + name).tags(labels).counters()) {
      sum += c.count();
    }
    return Math.round(sum);
  }

  /** A gauge read from {@code value} at each scrape; the registry holds {@code value} (Micrometer's default is weak). */
  public void gauge(String name, String help, DoubleSupplier value) {
    Gauge.builder(prefix + name, value, DoubleSupplier::getAsDouble).description(help).strongReference(true)
        .register(registry);
  }

  /** Every meter of the registry, in the Prometheus text format (version 0.0.4). */
  public String scrape() {
    return registry.scrape();
  }
}
