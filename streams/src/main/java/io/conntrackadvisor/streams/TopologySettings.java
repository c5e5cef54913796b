package io.conntrackadvisor.streams;

import io.conntrackadvisor.core.detect.DetectorConfig;
import io.conntrackadvisor.core.recommend.Profile;
import io.conntrackadvisor.core.recommend.RecommenderConfig;
import io.conntrackadvisor.model.Topics;
import io.conntrackadvisor.model.config.Settings;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * The typed configuration {@link AdvisorTopology#build} needs, resolved from {@link StreamsSettings} keys.
 *
 * @param topics            topic names and serdes
 * @param detector          detector tunables, prompt bursts on
 * @param recommender       recommendation tunables
 * @param grace             how late a kernel message may come and still join its burst (bursts close this late)
 * @param idleRetention     a host silent this long (event time) is forgotten
 * @param futureTolerance   records stamped further ahead of the wall clock are dropped
 * @param punctuateInterval cadence of the wall-clock and stream-time punctuators
 * @param partitions        partitions of every input topic, and of the internal topic that moves misplaced records
 * @param kernelInputs      the topics kernel messages come from, with their formats
 */
public record TopologySettings(Topics topics, DetectorConfig detector, RecommenderConfig recommender,
    Duration grace, Duration idleRetention, Duration futureTolerance, Duration punctuateInterval, int partitions, List<KernelInput> kernelInputs) {

  public TopologySettings {
    Objects.requireNonNull(topics, "topics");
    kernelInputs = List.copyOf(kernelInputs);
    if (!detector.promptBursts()) {
      throw new IllegalArgumentException("the streaming detector reports bursts promptly");
    }
    if (grace.isNegative() || idleRetention.compareTo(detector.burstGap()) <= 0 || futureTolerance.isNegative()
        || punctuateInterval.isNegative() || punctuateInterval.isZero() || partitions < 1) {
      throw new IllegalArgumentException("grace >= 0, idle retention > burst gap, future tolerance >= 0, "
          + "punctuate interval > 0 and partitions >= 1 are required");
    }
  }

  /** The built-in defaults of {@link StreamsSettings}. */
  public static TopologySettings defaults() {
    return from(Settings.of(StreamsSettings.defaults()));
  }

  /** Resolves the settings; missing keys take the built-in defaults. */
  public static TopologySettings from(Settings s) {
    Duration gap = duration(s, StreamsSettings.BURST_GAP, StreamsSettings.DEFAULT_BURST_GAP);
    Duration update = duration(s, StreamsSettings.BURST_UPDATE_INTERVAL,
        StreamsSettings.DEFAULT_BURST_UPDATE_INTERVAL);
    DetectorConfig d = DetectorConfig.defaults().withBurstGap(gap).withPromptBursts(update)
        .withThresholds(s.getDouble(StreamsSettings.WARNING_THRESHOLD, 0.75),
            s.getDouble(StreamsSettings.CRITICAL_THRESHOLD, 0.90));
    d = new DetectorConfig(d.burstGap(), d.promptBursts(), d.burstUpdateInterval(), d.warning(), d.critical(),
        d.hysteresis(), d.trendWindow(), d.horizon(),
        s.getInt(StreamsSettings.HOST_MAX_SAMPLES, d.maxRecentSamples()),
        s.getInt(StreamsSettings.HOST_MAX_OPEN_BURSTS, d.maxOpenBursts()));
    RecommenderConfig r = RecommenderConfig.defaults()
        .withProfile(Profile.parse(s.get(StreamsSettings.PROFILE, StreamsSettings.DEFAULT_PROFILE)));
    Topics topics = Topics.withPrefix(s.get(StreamsSettings.TOPIC_PREFIX, ""));
    return new TopologySettings(topics, d, r,
        duration(s, StreamsSettings.GRACE_PERIOD, StreamsSettings.DEFAULT_GRACE_PERIOD),
        duration(s, StreamsSettings.IDLE_RETENTION, StreamsSettings.DEFAULT_IDLE_RETENTION),
        duration(s, StreamsSettings.FUTURE_TOLERANCE, StreamsSettings.DEFAULT_FUTURE_TOLERANCE),
        duration(s, StreamsSettings.PUNCTUATE_INTERVAL, StreamsSettings.DEFAULT_PUNCTUATE_INTERVAL),
        s.getInt(StreamsSettings.TOPIC_PARTITIONS, Integer.parseInt(StreamsSettings.DEFAULT_TOPIC_PARTITIONS)),
        KernelInput.from(s, topics));
  }

  /** A copy for input topics with {@code n} partitions. */
  public TopologySettings withPartitions(int n) {
    return new TopologySettings(topics, detector, recommender, grace, idleRetention, futureTolerance,
        punctuateInterval, n, kernelInputs);
  }

  private static Duration duration(Settings s, String key, String fallback) {
    return s.getDuration(key, Settings.parseDuration(key, fallback));
  }
}
