package io.conntrackadvisor.model.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SettingsTest {

  @Test
  void shouldApplyDefaultsThenFileThenEnvironmentThenFlags(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("c.properties");
    Files.writeString(file, "a=file\nb=file\nc=file\nkafka.security.protocol=SASL_SSL\n"
        + "kafka.sasl.jaas.config=secret-stuff\n");
    Settings s = Settings.load(Map.of("a", "default", "b", "default", "c", "default", "d", "default"), file,
        Map.of("CONNTRACK_ADVISOR_B", "env", "CONNTRACK_ADVISOR_C", "env", "KAFKA_BOOTSTRAP_SERVERS", "k:9092"),
        List.of("a", "b", "c"), Map.of("c", "flag"));
    assertThat(s.get("a")).isEqualTo("file");
    assertThat(s.get("b")).isEqualTo("env");
    assertThat(s.get("c")).isEqualTo("flag");
    assertThat(s.get("d")).isEqualTo("default");
    assertThat(s.kafkaProperties()).containsEntry("bootstrap.servers", "k:9092")
        .containsEntry("security.protocol", "SASL_SSL").containsEntry("sasl.jaas.config", "secret-stuff");
    assertThat(s.toString()).doesNotContain("secret-stuff").contains("SASL_SSL");
  }

  @Test
  void shouldParseDurationsAndRejectNonsense() {
    Settings s = Settings.of(Map.of("g", "60s", "h", "15m", "i", "500ms", "j", "90", "k", "soon"));
    assertThat(s.getDuration("g", null)).isEqualTo(Duration.ofSeconds(60));
    assertThat(s.getDuration("h", null)).isEqualTo(Duration.ofMinutes(15));
    assertThat(s.getDuration("i", null)).isEqualTo(Duration.ofMillis(500));
    assertThat(s.getDuration("j", null)).isEqualTo(Duration.ofSeconds(90));
    assertThatThrownBy(() -> s.getDuration("k", null)).hasMessageContaining("k must be a duration");
    assertThatThrownBy(() -> s.require("missing")).hasMessageContaining("CONNTRACK_ADVISOR_MISSING");
  }
}
