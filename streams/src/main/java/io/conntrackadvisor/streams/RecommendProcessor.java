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
import org.apache.kafka.streams.state.KeyValueStore;

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
  private KeyValueStore<String, Recommendation> issued;
  /** Recently issued recommendations as objects, in front of the store (rebuilt by {@link #init}). */
  private LruMap<String, Recommendation> recent;

  RecommendProcessor(RecommenderConfig config, AppCounters counters) {
    this.recommender = new Recommender(config);
    this.counters = counters;
  }

  @Override
  public void init(ProcessorContext<String, Recommendation> ctx) {
    this.context = ctx;
    this.issued = ctx.getStateStore(RECOMMENDATIONS_STORE);
    this.recent = new LruMap<>(DetectorProcessor.LIVE_HOSTS);
  }

  @Override
  public void process(Record<String, HostState> record) {
    String host = record.key();
    if (record.value() == null) {
      recent.remove(host);
      if (issued.delete(host) != null) {
        context.forward(new Record<>(host, null, record.timestamp()));
      }
      return;
    }
    Optional<Recommendation> advice = recommender.recommend(record.value());
    if (advice.isEmpty() || advice.get().sameAdviceAs(lastIssued(host))) {
      return;
    }
    Recommendation rec = advice.get();
    recent.put(host, rec);
    issued.put(host, rec);
    context.forward(new Record<>(host, rec, rec.timestamp().toEpochMilli()));
    counters.increment(Counter.RECOMMENDATIONS);
  }

  private Recommendation lastIssued(String host) {
    Recommendation r = recent.get(host);
    if (r == null) {
      r = issued.get(host);
      if (r != null) {
        recent.put(host, r);
      }
    }
    return r;
  }
}
