package io.conntrackadvisor.streams;

import io.conntrackadvisor.core.detect.HostState;
import io.conntrackadvisor.core.recommend.Recommender;
import io.conntrackadvisor.core.recommend.RecommenderConfig;
import io.conntrackadvisor.model.Recommendation;
import io.conntrackadvisor.streams.AppCounters.Counter;
import java.util.Optional;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * Turns a host's state (its latest sample joined with the evidence of its findings, as the detector keeps them)
 * into the core {@link Recommender}'s advice, and forwards it only when the advice differs from the one last
 * issued for the host, which {@link #RECOMMENDATIONS_STORE} holds: the table behind the compacted output topic. A
 * null state (the host expired) deletes the host's recommendation with a tombstone.
 */
final class RecommendProcessor implements Processor<String, HostState, String, Recommendation> {
  /** The current recommendation of each host. */
  static final String RECOMMENDATIONS_STORE = "recommendations";

  private final Recommender recommender;
  private final AppCounters counters;
  private ProcessorContext<String, Recommendation> context;
  /** {@link #RECOMMENDATIONS_STORE} with recently issued recommendations kept as objects. */
  private CachedStore<String, Recommendation> issued;

  RecommendProcessor(RecommenderConfig config, AppCounters counters) {
    this.recommender = new Recommender(config);
    this.counters = counters;
  }

  @Override
  public void init(ProcessorContext<String, Recommendation> ctx) {
    this.context = ctx;
    this.issued = new CachedStore<>(ctx.getStateStore(RECOMMENDATIONS_STORE), DetectorProcessor.LIVE_HOSTS);
  }

  @Override
  public void process(Record<String, HostState> record) {
    String host = record.key();
    if (record.value() == null) {
      if (issued.delete(host) != null) {
        context.forward(new Record<>(host, null, record.timestamp()));
      }
      return;
    }
    Optional<Recommendation> advice = recommender.recommend(record.value());
    if (advice.isEmpty() || advice.get().sameAdviceAs(issued.get(host))) {
      return;
    }
    Recommendation rec = advice.get();
    issued.put(host, rec);
    context.forward(new Record<>(host, rec, rec.timestamp().toEpochMilli()));
    counters.increment(Counter.RECOMMENDATIONS);
  }
}
