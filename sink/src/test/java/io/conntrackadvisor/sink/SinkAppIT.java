package io.conntrackadvisor.sink;

import io.conntrackadvisor.sink.dropin.DropInOutput;
import io.conntrackadvisor.sink.webhook.WebhookPayloads;
import static io.conntrackadvisor.sink.TestData.MAX;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.conntrackadvisor.broker.EmbeddedKafkaBroker;
import io.conntrackadvisor.model.BurstFinding;
import io.conntrackadvisor.model.DropsFinding;
import io.conntrackadvisor.model.Json;
import io.conntrackadvisor.model.SaturationFinding;
import io.conntrackadvisor.model.SaturationLevel;
import io.conntrackadvisor.model.TopicSetup;
import io.conntrackadvisor.model.Topics;
import io.conntrackadvisor.model.config.Settings;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The sink against a real broker: every output from the same topics. */
class SinkAppIT {
  @TempDir
  Path tmp;
  @AutoClose
  private final SinkFixture kafka = new SinkFixture();
  @AutoClose
  private final WebhookEndpoint endpoint = new WebhookEndpoint();

  SinkAppIT() throws Exception {
  }

  private static boolean contains(Path file, String... parts) {
    try {
      String text = Files.readString(file);
      for (String p : parts) {
        if (!text.contains(p)) {
          return false;
        }
      }
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  @Test
  void shouldWriteDropInsReportAndJsonLinesAndPostTheWebhookInEveryFormat() throws Exception {
    // Given two recommendations and lb-1's findings of the last minutes
    Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    Topics t = kafka.topics;
    kafka.send(t.recommendations(), "lb-1", TestData.raiseMax("lb-1", 262144, now.minusSeconds(60)));
    kafka.send(t.recommendations(), "nat-gw", TestData.withHashsize("nat-gw", 262144, 65536));
    kafka.send(t.findings(), "lb-1", new SaturationFinding("lb-1", now.minusSeconds(600), 100, 200, 0.5,
        SaturationLevel.OK, null));
    kafka.send(t.findings(), "lb-1", new SaturationFinding("lb-1", now.minusSeconds(60), 200, 200, 1.0,
        SaturationLevel.CRITICAL, null));
    kafka.send(t.findings(), "lb-1", BurstFinding.of("lb-1", null, now.minusSeconds(70), now.minusSeconds(64), 7,
        412, true));
    kafka.send(t.findings(), "lb-1", new DropsFinding("lb-1", now.minusSeconds(90), now.minusSeconds(60), 1234, 0,
        0));

    // When three sinks read them, one per webhook format
    Path out = tmp.resolve("out");
    SinkFixture.Running full = kafka.start(kafka.settings(out, SinkSettings.WEBHOOK_URL,
        endpoint.url("/generic").toString(), SinkSettings.REPORT, "true", SinkSettings.STDOUT, "true"));
    kafka.start(kafka.settings(tmp.resolve("am"), SinkSettings.DROPINS, "false", SinkSettings.WEBHOOK_URL,
        endpoint.url("/alertmanager").toString(), SinkSettings.WEBHOOK_FORMAT, "alertmanager-notification"));
    kafka.start(kafka.settings(tmp.resolve("slack"), SinkSettings.DROPINS, "false", SinkSettings.WEBHOOK_URL,
        endpoint.url("/slack").toString(), SinkSettings.WEBHOOK_FORMAT, "slack"));

    // Then every output has them
    SinkFixture.await("two webhooks per format", Duration.ofSeconds(45), () -> endpoint.requests("/generic")
        .size() == 2 && endpoint.requests("/alertmanager").size() == 2 && endpoint.requests("/slack").size() == 2);
    SinkFixture.await("the report of both hosts with lb-1's drops", Duration.ofSeconds(20),
        () -> contains(out.resolve("index.html"), "data-host=\"lb-1\"", "data-host=\"nat-gw\"", "1,234"));

    assertThat(Files.readString(out.resolve("lb-1").resolve(DropInOutput.SYSCTL_FILE)))
        .contains(" for lb-1\n", "severity critical\n").endsWith("\n" + MAX + " = 262144\n");
    assertThat(Files.readString(out.resolve("nat-gw").resolve(DropInOutput.MODPROBE_FILE)))
        .endsWith("\noptions nf_conntrack hashsize=65536\n");
    assertThat(Files.readString(out.resolve("nat-gw").resolve(DropInOutput.SYSCTL_FILE)))
        .endsWith("\nnet.netfilter.nf_conntrack_buckets = 65536\n" + MAX + " = 262144\n");
    assertThat(tmp.resolve("am").resolve("lb-1")).as("drop-ins switched off").doesNotExist();

    String html = Files.readString(out.resolve("index.html"));
    assertThat(html).contains("<path class=\"count\"", "<rect class=\"burst\"", "100.0 %", "200 &rarr; 262,144");

    JsonNode generic = Json.mapper().readTree(endpoint.requests("/generic").get(0).body());
    assertThat(generic.get("type").asText()).isEqualTo("recommendation");
    JsonNode am = Json.mapper().readTree(endpoint.requests("/alertmanager").get(0).body());
    assertThat(am.get("version").asText()).isEqualTo("4");
    assertThat(am.get("alerts").get(0).get("labels").get("alertname").asText()).isEqualTo(WebhookPayloads.ALERT_NAME);
    JsonNode slack = Json.mapper().readTree(endpoint.requests("/slack").get(0).body());
    assertThat(slack.get("text").asText()).contains("conntrack advice for");
    assertThat(endpoint.requests()).extracting(WebhookEndpoint.Request::idempotencyKey).doesNotContainNull();

    SinkFixture.await("JSON lines of 2 recommendations and 4 findings", Duration.ofSeconds(10),
        () -> full.stdoutText().lines().count() == 6);
    assertThat(full.stdoutText().lines()).allMatch(l -> l.startsWith("{\"type\":"));

    HttpResponse<String> metrics = get(full, "/metrics");
    assertThat(metrics.body()).contains("records_consumed_total{topic=\"" + t.recommendations().name() + "\"} 2.0\n",
        "conntrack_advisor_sink_files_written_total 3.0\n", "conntrack_advisor_sink_webhook_delivered_total 2.0\n",
        "kafka_consumer_fetch_manager_records_consumed_total{");
    assertThat(get(full, "/health").statusCode()).isEqualTo(200);
    assertThat(get(full, "/ready").statusCode()).isEqualTo(200);
  }

  private static HttpResponse<String> get(SinkFixture.Running sink, String path) throws Exception {
    return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
        + sink.app().metricsPort() + path)).build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void shouldSayWhichTopicItWaitsForThenConsumeOnceItExists() throws Exception {
    // Given a sink on topics nobody has created yet
    String prefix = "later-" + UUID.randomUUID().toString().substring(0, 8) + ".";
    Topics later = Topics.withPrefix(prefix);
    SinkFixture.Running sink = kafka.start(kafka.settings(tmp.resolve("later"), Settings.TOPIC_PREFIX, prefix));

    // Then it is alive, not ready, and says what it waits for
    SinkFixture.await("readiness naming the missing topic", Duration.ofSeconds(30), () -> body(sink, "/ready")
        .equals("waiting for topic " + later.recommendations().name() + "\n"));
    assertThat(get(sink, "/ready").statusCode()).isEqualTo(503);
    assertThat(get(sink, "/health").statusCode()).isEqualTo(200);

    // When the topics are created and a recommendation arrives, it is written
    try (Admin admin = Admin.create(Map.of("bootstrap.servers", EmbeddedKafkaBroker.shared().bootstrapServers()))) {
      TopicSetup.create(admin, later.all(), new TopicSetup.Layout(1, (short) 1, -1));
    }
    kafka.send(later.recommendations(), "lb-7", TestData.raiseMax("lb-7", 262144));
    SinkFixture.await("the drop-in", Duration.ofSeconds(60),
        () -> Files.exists(tmp.resolve("later").resolve("lb-7").resolve(DropInOutput.SYSCTL_FILE)));
    SinkFixture.await("ready", Duration.ofSeconds(10), () -> body(sink, "/ready").equals("consuming\n"));
  }

  private static String body(SinkFixture.Running sink, String path) {
    try {
      return get(sink, path).body();
    } catch (Exception e) {
      return e.toString();
    }
  }
}
