package io.conntrackadvisor.sink;

import io.conntrackadvisor.sink.webhook.WebhookFormat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.conntrackadvisor.model.config.Settings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SinkSettingsTest {
  @TempDir
  Path dir;

  @Test
  void shouldApplyDefaultsThenFileThenEnvironmentThenFlags() throws Exception {
    Path file = dir.resolve("sink.properties");
    Files.writeString(file, "out.dir=/var/lib/advisor\nwebhook.format=slack\nreport=true\n"
        + "kafka.security.protocol=SSL\n");
    Map<String, String> env = Map.of("KAFKA_BOOTSTRAP_SERVERS", "k1:9092",
        "CONNTRACK_ADVISOR_WEBHOOK_FORMAT", "alertmanager", "CONNTRACK_ADVISOR_METRICS_PORT", "9400");
    Map<String, String> flags = Map.of(SinkSettings.GROUP_ID, "team-a-sink", SinkSettings.WEBHOOK_URL,
        "https://hooks.example.com/services/T000/B000/SECRET");

    SinkSettings s = SinkSettings.from(Settings.load(SinkSettings.CONFIG, file, env, flags));

    assertThat(s.bootstrapServers()).isEqualTo("k1:9092");
    assertThat(s.outDir()).isEqualTo(Path.of("/var/lib/advisor"));
    assertThat(s.webhookFormat()).isEqualTo(WebhookFormat.ALERTMANAGER);
    assertThat(s.report()).isTrue();
    assertThat(s.stdout()).isFalse();
    assertThat(s.dropIns()).isTrue();
    assertThat(s.groupId()).isEqualTo("team-a-sink");
    assertThat(s.metricsPort()).isEqualTo(9400);
    assertThat(s.webhookAttempts()).isEqualTo(5);
    assertThat(s.reportWindow()).isEqualTo(Duration.ofHours(24));
    assertThat(s.kafkaProperties()).containsEntry("security.protocol", "SSL")
        .containsEntry("bootstrap.servers", "k1:9092");
  }

  @Test
  void shouldNeverShowTheWebhookPathInLogs() {
    SinkSettings s = TestData.settings(dir, SinkSettings.WEBHOOK_URL,
        "https://hooks.example.com/services/T000/B000/SECRET");

    assertThat(s.toString()).contains("https://hooks.example.com/…").doesNotContain("SECRET");
  }

  @Test
  void shouldBoundTheWorstCaseDeliveryByAttemptsTimeoutsAndBackoffs() {
    SinkSettings s = TestData.settings(dir, SinkSettings.WEBHOOK_URL, "http://h/x",
        SinkSettings.WEBHOOK_BACKOFF, "1s", SinkSettings.WEBHOOK_BACKOFF_MAX, "3s");

    // 5 attempts x 5 s, and waits of 1 + 2 + 3 + 3 s
    assertThat(s.worstCaseDelivery()).isEqualTo(Duration.ofSeconds(34));
  }

  @Test
  void shouldNameTheKeyOfAMissingOrInvalidValue() {
    assertThatThrownBy(() -> SinkSettings.from(Settings.of(Map.of(Settings.BOOTSTRAP_SERVERS, "k:9092"))))
        .hasMessageContaining(SinkSettings.OUT_DIR);
    assertThatThrownBy(() -> TestData.settings(dir, SinkSettings.WEBHOOK_URL, "file:///etc/passwd"))
        .hasMessageContaining(SinkSettings.WEBHOOK_URL);
    assertThatThrownBy(() -> TestData.settings(dir, SinkSettings.WEBHOOK_MAX_ATTEMPTS, "0"))
        .hasMessageContaining(SinkSettings.WEBHOOK_MAX_ATTEMPTS);
    assertThatThrownBy(() -> TestData.settings(dir, SinkSettings.VALIDATE_MEMORY_FRACTION, "1.5"))
        .hasMessageContaining(SinkSettings.VALIDATE_MEMORY_FRACTION);
    assertThatThrownBy(() -> TestData.settings(dir, SinkSettings.METRICS_PORT, "70000"))
        .hasMessageContaining(SinkSettings.METRICS_PORT);
  }

  @Test
  void shouldKeepTheDefaultForABlankValueAndTakeNoPortUnlessOneIsGiven() {
    SinkSettings s = TestData.settings(dir, SinkSettings.WEBHOOK_FORMAT, " ", SinkSettings.REPORT_WINDOW, "");

    assertThat(s.webhookFormat()).isEqualTo(WebhookFormat.GENERIC);
    assertThat(s.reportWindow()).isEqualTo(Duration.ofHours(24));
    assertThat(s.metricsPort()).isNull();
    assertThat(s.metricsAddress()).isEqualTo("127.0.0.1");
    assertThat(SinkSettings.CONFIG.names()).contains(SinkSettings.OUT_DIR, SinkSettings.METRICS_PORT, "metrics.address");
  }
}
