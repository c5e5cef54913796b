package io.conntrackadvisor.model.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.ConfigDef;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SettingsTest {

  @Test
  void shouldApplyDefaultsThenFileThenEnvironmentThenFlags(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("c.properties");
    Files.writeString(file, "a=file\nb=file\nc=file\nkafka.security.protocol=SASL_SSL\n"
        + "kafka.sasl.jaas.config=secret-stuff\n");
    ConfigDef def = new ConfigDef();
    for (String key : List.of("a", "b", "c", "d")) {
      def.define(key, ConfigDef.Type.STRING, "default", ConfigDef.Importance.LOW, key);
    }
    Settings s = Settings.load(def, file,
        Map.of("CONNTRACK_ADVISOR_B", "env", "CONNTRACK_ADVISOR_C", "env", "KAFKA_BOOTSTRAP_SERVERS", "k:9092"),
        Map.of("c", "flag"));
    CommandConfig c = CommandConfig.of(def, s);
    assertThat(c.getString("a")).isEqualTo("file");
    assertThat(c.getString("b")).isEqualTo("env");
    assertThat(c.getString("c")).isEqualTo("flag");
    assertThat(c.getString("d")).isEqualTo("default");
    assertThat(s.asMap().get("bootstrap.servers")).isEqualTo("k:9092");
    assertThat(s.asMap().get("kafka.security.protocol")).isEqualTo("SASL_SSL");
    assertThat(s.toString()).doesNotContain("secret-stuff").contains("SASL_SSL");
  }

  @Test
  void shouldParseDurationsAndRejectNonsense() {
    assertThat(Settings.parseDuration("g", "60s")).isEqualTo(Duration.ofSeconds(60));
    assertThat(Settings.parseDuration("h", "15m")).isEqualTo(Duration.ofMinutes(15));
    assertThat(Settings.parseDuration("i", "500ms")).isEqualTo(Duration.ofMillis(500));
    assertThat(Settings.parseDuration("j", "90")).isEqualTo(Duration.ofSeconds(90));
    assertThatThrownBy(() -> Settings.parseDuration("k", "soon")).hasMessageContaining("k must be a duration");
  }
}
