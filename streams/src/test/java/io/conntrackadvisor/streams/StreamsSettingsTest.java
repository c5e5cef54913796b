package io.conntrackadvisor.streams;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.conntrackadvisor.core.recommend.Profile;
import io.conntrackadvisor.model.config.CommandConfig;
import io.conntrackadvisor.model.config.Settings;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StreamsSettingsTest {
  @TempDir
  Path dir;

  @Test
  void shouldResolveTheDocumentedDefaults() {
    TopologySettings t = TopologySettings.defaults();

    CommandConfig c = CommandConfig.of(StreamsSettings.CONFIG, Settings.of(Map.of()));
    assertThat(c.getString(StreamsSettings.APPLICATION_ID)).isEqualTo("conntrack-advisor");
    assertThat(c.getString(StreamsSettings.BURST_GAP)).isEqualTo("60s");
    assertThat(c.getString(StreamsSettings.IDLE_RETENTION)).isEqualTo("7d");
    assertThat(t.detector().burstGap()).isEqualTo(Duration.ofSeconds(60));
    assertThat(t.detector().promptBursts()).isTrue();
    assertThat(t.detector().burstUpdateInterval()).isEqualTo(Duration.ofSeconds(10));
    assertThat(t.detector().warning()).isEqualTo(0.75);
    assertThat(t.detector().critical()).isEqualTo(0.90);
    assertThat(t.idleRetention()).isEqualTo(Duration.ofDays(7));
    assertThat(t.grace()).isEqualTo(Duration.ofSeconds(5));
    assertThat(t.futureTolerance()).isEqualTo(Duration.ofHours(1));
    assertThat(t.recommender().profile()).isEqualTo(Profile.CONSERVATIVE);
    assertThat(t.topics().findings().name()).isEqualTo("conntrack-findings");
  }

  @Test
  void shouldLetTheFileTheEnvironmentAndTheFlagsOverrideInThatOrder() throws Exception {
    Path file = dir.resolve("streams.properties");
    Files.writeString(file, "burst.gap=30s\nprofile=aggressive\ntopic.prefix=file.\n", StandardCharsets.UTF_8);

    Settings s = Settings.load(StreamsSettings.CONFIG, file, Map.of("CONNTRACK_ADVISOR_TOPIC_PREFIX", "env.",
        "KAFKA_BOOTSTRAP_SERVERS", "k:9092"), Map.of(StreamsSettings.BURST_GAP, "45s"));
    TopologySettings t = TopologySettings.from(s);

    assertThat(t.detector().burstGap()).isEqualTo(Duration.ofSeconds(45));
    assertThat(t.recommender().profile()).isEqualTo(Profile.AGGRESSIVE);
    assertThat(t.topics().dlq().name()).isEqualTo("env.conntrack-dlq");
    assertThat(CommandConfig.of(StreamsSettings.CONFIG, s).bootstrapServers()).isEqualTo("k:9092");
  }

  @Test
  void shouldRunExactlyOnceWithTheDeadLetterTopicAndLetKafkaSettingsWin() {
    Map<String, String> m = new HashMap<>();
    m.put(StreamsSettings.BOOTSTRAP_SERVERS, "localhost:9092");
    m.put(StreamsSettings.TOPIC_PREFIX, "a.");
    m.put(StreamsSettings.ROCKSDB_MEMORY, "32m");
    m.put("kafka.commit.interval.ms", "200");
    m.put("kafka.producer.batch.size", "65536");
    AppCounters counters = new AppCounters();

    Properties p = StreamsApp.streamsProperties(Settings.of(m), counters);

    assertThat(p).containsEntry(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2)
        .containsEntry(StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG, "a.conntrack-dlq")
        .containsEntry(StreamsConfig.APPLICATION_ID_CONFIG, "conntrack-advisor")
        .containsEntry(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, "200")
        .containsEntry("producer.batch.size", "65536")
        .containsEntry(BoundedMemoryRocksDbConfig.TOTAL_BYTES_CONFIG, Long.toString(32L << 20))
        .containsEntry(AppCounters.CONFIG_KEY, counters);
  }

  @Test
  void shouldBatchTheProducerInLargeBatchesByDefault() {
    Properties p = StreamsApp.streamsProperties(Settings.of(Map.of(StreamsSettings.BOOTSTRAP_SERVERS,
        "localhost:9092")), new AppCounters());

    assertThat(new StreamsConfig(p).getProducerConfigs("c"))
        .containsEntry(ProducerConfig.BATCH_SIZE_CONFIG, StreamsApp.PRODUCER_BATCH_BYTES);
  }

  @Test
  void shouldRejectNonsenseNamingTheKey() {
    assertThatThrownBy(() -> CommandConfig.of(StreamsSettings.CONFIG, Settings.of(Map.of(StreamsSettings.ROCKSDB_MEMORY, "lots"))))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("rocksdb.memory");
    assertThatThrownBy(() -> TopologySettings.from(Settings.of(Map.of(StreamsSettings.IDLE_RETENTION, "30s"))))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> CommandConfig.of(StreamsSettings.CONFIG, Settings.of(Map.of())).bootstrapServers())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("bootstrap.servers");
  }
}
