package io.conntrackadvisor.streams;

import io.conntrackadvisor.core.detect.DetectorConfig;
import io.conntrackadvisor.core.recommend.Profile;
import io.conntrackadvisor.core.recommend.RecommenderConfig;
import io.conntrackadvisor.model.Topics;
import io.conntrackadvisor.model.config.CommandConfig;
import io.conntrackadvisor.model.config.Settings;
import java.time.Duration;
import java.util.List;
import java.util.Map;
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
    Duration grace, Duration idleRetention, Duration futureTolerance, Duration punctuateInterval, int partitions,
    List<KernelInput> kernelInputs) {

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
    return from(Settings.of(Map.of(StreamsSettings.BOOTSTRAP_SERVERS, "unused:9092")));
  }

  /** Resolves the settings; missing keys take their defaults. */
  public static TopologySettings from(Settings settings) {
    return from(CommandConfig.of(StreamsSettings.CONFIG, settings));
  }

  /** Resolves the checked settings. */
  static TopologySettings from(CommandConfig c) {
    DetectorConfig d = DetectorConfig.defaults()
        .withBurstGap(c.getDuration(StreamsSettings.BURST_GAP))
        .withPromptBursts(c.getDuration(StreamsSettings.BURST_UPDATE_INTERVAL))
        .withThresholds(c.getDouble(StreamsSettings.WARNING_THRESHOLD),
            c.getDouble(StreamsSettings.CRITICAL_THRESHOLD));
    d = new DetectorConfig(d.burstGap(), d.promptBursts(), d.burstUpdateInterval(), d.warning(), d.critical(),
        d.hysteresis(), d.trendWindow(), d.horizon(), c.getInt(StreamsSettings.HOST_MAX_SAMPLES),
        c.getInt(StreamsSettings.HOST_MAX_OPEN_BURSTS));
    RecommenderConfig r = RecommenderConfig.defaults()
        .withProfile(Profile.parse(c.getString(StreamsSettings.PROFILE)));
    Topics topics = Topics.withPrefix(c.getString(StreamsSettings.TOPIC_PREFIX));
    return new TopologySettings(topics, d, r, c.getDuration(StreamsSettings.GRACE_PERIOD),
        c.getDuration(StreamsSettings.IDLE_RETENTION), c.getDuration(StreamsSettings.FUTURE_TOLERANCE),
        c.getDuration(StreamsSettings.PUNCTUATE_INTERVAL), c.getInt(StreamsSettings.TOPIC_PARTITIONS),
        KernelInput.from(c, topics));
  }

  /** A copy for input topics with {@code n} partitions. */
  public TopologySettings withPartitions(int n) {
    return new TopologySettings(topics, detector, recommender, grace, idleRetention, futureTolerance,
        punctuateInterval, n, kernelInputs);
  }

}
