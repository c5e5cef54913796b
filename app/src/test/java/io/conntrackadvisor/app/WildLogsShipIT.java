package io.conntrackadvisor.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.conntrackadvisor.broker.EmbeddedKafkaBroker;
import io.conntrackadvisor.core.analyze.Analyzer;
import io.conntrackadvisor.core.detect.DetectorConfig;
import io.conntrackadvisor.core.parse.ParseContext;
import io.conntrackadvisor.core.recommend.RecommenderConfig;
import io.conntrackadvisor.ingest.ShipSettings;
import io.conntrackadvisor.model.BurstFinding;
import io.conntrackadvisor.model.config.Settings;
import io.conntrackadvisor.streams.StreamsApp;
import io.conntrackadvisor.streams.StreamsSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The wild-log fixtures (examples/fixtures/logs/wild) shipped with {@code ship --syslog-file}, one agent per file,
 * through {@code streams} on the embedded broker, give the bursts {@code analyze} gives for the same files with the
 * agent's host as {@code --host}: same hosts, namespaces, OpenVZ containers, lines and suppressed counts, and the
 * same times for lines that carry a stamp. Lines without a stamp get the time the agent read them (analyze: the
 * file's modification time), so those bursts are compared without their times, which must lie in the test's run.
 * The files go in the order of their stamps, those without stamps last: a record far older than its partition's
 * stream time is late, and the stream-time punctuator would close its burst between two of its lines (bursts of
 * late records are split by design).
 */
class WildLogsShipIT {
  private static final List<String> FIXTURES = List.of("openwrt-logread.log", "rsyslog-message-repeated.log",
      "journal-export-space.log", "linux24-net-suppressed.log", "pasted-truncated.log", "traps.log",
      "openvz-vps.log", "sysklogd-last-message-repeated.log", "busybox-syslogd-S.log", "busybox-syslogd.log",
      "paste-kernel-prefix.txt", "console-printk.txt");

  @TempDir
  Path tmp;

  /** What identifies a burst in the findings topic: its updates share it. */
  private record Key(String host, Long netns, Long vps, Instant start) {
    static Key of(BurstFinding b) {
      return new Key(b.host(), b.netns(), b.vps(), b.start());
    }
  }

  @Test
  void shouldGiveTheBurstsAnalyzeGivesForEachFixtureShippedFromAFile() throws Exception {
    String prefix = "wild-" + UUID.randomUUID().toString().substring(0, 8) + ".";
    Instant started = Instant.now();
    Map<String, String> streamsFlags = Map.of(StreamsSettings.BURST_GAP, "60s", // analyze's default
        StreamsSettings.BURST_UPDATE_INTERVAL, "0s", // every line updates its burst: the counts show at once
        StreamsSettings.IDLE_RETENTION, "36500d"); // the fixtures' stamps go back to 2017
    Map<Key, BurstFinding> online = new HashMap<>();
    try (StreamsApp streams = Pipeline.startStreams(prefix, tmp.resolve("streams"), streamsFlags);
        KafkaConsumer<byte[], byte[]> findings = Pipeline.outputs(prefix, "wild")) {
      for (String name : FIXTURES) {
        String host = name.substring(0, name.indexOf('.'));
        Path file = tmp.resolve(name);
        Files.copy(Path.of(System.getProperty("fixtures.dir"), "logs", "wild", name), file);
        List<BurstFinding> expected = analyze(file, host);
        Set<String> hosts = new HashSet<>();
        expected.forEach(b -> hosts.add(b.host()));
        hosts.add(host);

        try (Pipeline.RunningShip ship = new Pipeline.RunningShip(shipSettings(prefix, host, file))) {
          long deadline = System.nanoTime() + Pipeline.DEADLINE.toNanos();
          while (!same(of(online, hosts), expected, started) && System.nanoTime() < deadline) {
            Pipeline.pollFindings(findings, prefix, f -> {
              if (f instanceof BurstFinding b) {
                online.put(Key.of(b), b);
              }
            });
          }
        }
        assertThat(same(of(online, hosts), expected, started))
            .as("%s: through ship and streams %s, analyze gave %s", name, of(online, hosts), expected).isTrue();
      }
      assertThat(online.values()).as("bursts of the traps").noneMatch(b -> b.host().startsWith("lb-edge-3")
          || b.host().equals("traps"));
      assertThat(streams.state()).isEqualTo(KafkaStreams.State.RUNNING);
    }
  }

  private static List<BurstFinding> analyze(Path file, String host) throws Exception {
    Analyzer a = new Analyzer(DetectorConfig.defaults(), RecommenderConfig.defaults(),
        new ParseContext(host, Instant.now(), ZoneId.systemDefault(), null, "file"));
    a.addLog(file);
    return a.run().findings().stream().filter(BurstFinding.class::isInstance).map(BurstFinding.class::cast)
        .toList();
  }

  private static List<BurstFinding> of(Map<Key, BurstFinding> online, Set<String> hosts) {
    return online.values().stream().filter(b -> hosts.contains(b.host())).toList();
  }

  /**
   * The same bursts: per burst the same host, namespace, container, lines and suppressed count, and the same times
   * unless analyze estimated them (then streams' times are when the agent read the lines).
   */
  private static boolean same(List<BurstFinding> online, List<BurstFinding> offline, Instant started) {
    if (online.size() != offline.size()) {
      return false;
    }
    List<BurstFinding> left = new ArrayList<>(online);
    for (BurstFinding want : offline) {
      BurstFinding match = left.stream().filter(got -> got.host().equals(want.host())
          && Objects.equals(got.netns(), want.netns()) && Objects.equals(got.vps(), want.vps())
          && got.messages() == want.messages() && got.suppressed() == want.suppressed()
          && (want.timeEstimated() == null ? got.start().equals(want.start()) && got.end().equals(want.end())
              : !got.start().isBefore(started) && !got.end().isAfter(Instant.now())))
          .findFirst().orElse(null);
      if (match == null) {
        return false;
      }
      left.remove(match);
    }
    return true;
  }

  private static Settings shipSettings(String prefix, String host, Path file) {
    Map<String, String> m = new HashMap<>();
    m.put(Settings.BOOTSTRAP_SERVERS, EmbeddedKafkaBroker.shared().bootstrapServers());
    m.put(Settings.TOPIC_PREFIX, prefix);
    m.put(ShipSettings.HOST, host);
    m.put(ShipSettings.STATE_DIR, file.resolveSibling("ship-" + host).toString());
    m.put(ShipSettings.JOURNALD, "false");
    m.put(ShipSettings.SAMPLER, "false");
    m.put(ShipSettings.SYSLOG_FILES, file.toString());
    m.put(ShipSettings.BATCH_LINGER, "50ms");
    return Settings.of(m);
  }
}
