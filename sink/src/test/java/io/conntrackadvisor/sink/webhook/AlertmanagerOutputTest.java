package io.conntrackadvisor.sink.webhook;

import io.conntrackadvisor.sink.OutputDirectory;
import io.conntrackadvisor.sink.SinkFixture;
import io.conntrackadvisor.sink.SinkMetrics;
import io.conntrackadvisor.sink.SinkSettings;
import io.conntrackadvisor.sink.TestData;
import io.conntrackadvisor.sink.ValidRecommendation;
import io.conntrackadvisor.sink.WebhookEndpoint;
import static io.conntrackadvisor.sink.TestData.MAX;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.conntrackadvisor.model.Json;
import io.conntrackadvisor.model.Recommendation;
import io.conntrackadvisor.model.Severity;
import io.conntrackadvisor.model.TopNamespace;
import io.conntrackadvisor.model.ops.StopSignal;
import io.conntrackadvisor.sink.webhook.AlertmanagerOutput.HostAlert;
import io.conntrackadvisor.sink.webhook.AlertmanagerOutput.PostableAlert;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AlertmanagerOutputTest {
  private static final Instant NOW = Instant.parse("2026-03-02T09:00:00Z");
  private static final Duration TTL = Duration.ofMinutes(5);

  @TempDir
  Path out;
  @AutoClose
  private final WebhookEndpoint endpoint = new WebhookEndpoint();
  private final SinkMetrics metrics = new SinkMetrics();
  private final StopSignal shutdown = new StopSignal();

  AlertmanagerOutputTest() throws Exception {
  }

  private static ValidRecommendation advice(Severity severity, Instant at, TopNamespace... top) {
    Map<String, Long> recommended = severity == Severity.INFO ? Map.of() : Map.of(MAX, 262144L);
    return TestData.valid(new Recommendation("lb-1", at, severity, Map.of(MAX, 200L), recommended,
        List.of("reason at " + at), "", null, List.of(top)));
  }

  @Test
  void shouldFireFromTheTimeTheAdviceBeganAndKeepThatStartWhileItStands() {
    List<HostAlert> fired = AlertmanagerOutput.next(List.of(), advice(Severity.WARNING, TestData.T), NOW);
    List<HostAlert> updated = AlertmanagerOutput.next(fired, advice(Severity.WARNING, TestData.T.plusSeconds(60)),
        NOW.plusSeconds(60));

    assertThat(updated).hasSize(1);
    HostAlert alert = updated.get(0);
    assertThat(alert.labels()).containsExactlyInAnyOrderEntriesOf(Map.of("alertname", WebhookPayloads.ALERT_NAME,
        "host", "lb-1", "severity", "warning"));
    assertThat(alert.startsAt()).isEqualTo(TestData.T);
    assertThat(alert.resolvedAt()).isNull();
    assertThat(alert.annotations()).containsEntry("description", "reason at " + TestData.T.plusSeconds(60))
        .containsKeys("summary", "sysctl_conf", "digest");
  }

  @Test
  void shouldResolveTheAlertOfTheOldSeverityWhenTheSeverityChanges() {
    List<HostAlert> warning = AlertmanagerOutput.next(List.of(), advice(Severity.WARNING, TestData.T), NOW);

    List<HostAlert> critical = AlertmanagerOutput.next(warning, advice(Severity.CRITICAL, TestData.T.plusSeconds(9)),
        NOW.plusSeconds(9));

    assertThat(critical).extracting(a -> a.labels().get("severity")).containsExactly("warning", "critical");
    assertThat(critical.get(0).resolvedAt()).isEqualTo(NOW.plusSeconds(9));
    assertThat(critical.get(1).resolvedAt()).isNull();
    assertThat(critical.get(1).startsAt()).as("the episode's start").isEqualTo(TestData.T);
  }

  @Test
  void shouldResolveOnInformationalAdviceAndSendNothingForAHostThatNeverFired() {
    List<HostAlert> fired = AlertmanagerOutput.next(List.of(), advice(Severity.CRITICAL, TestData.T), NOW);

    List<HostAlert> resolved = AlertmanagerOutput.next(fired, advice(Severity.INFO, TestData.T.plusSeconds(600)),
        NOW.plusSeconds(600));

    assertThat(resolved).singleElement().satisfies(a -> assertThat(a.resolvedAt()).isEqualTo(NOW.plusSeconds(600)));
    assertThat(AlertmanagerOutput.next(List.of(), advice(Severity.INFO, TestData.T), NOW)).isEmpty();
    List<PostableAlert> body = AlertmanagerOutput.postable(resolved, NOW.plusSeconds(700), TTL);
    assertThat(body).singleElement().satisfies(a -> {
      assertThat(a.endsAt()).isEqualTo(NOW.plusSeconds(600));
      assertThat(a.startsAt()).isEqualTo(TestData.T);
    });
  }

  @Test
  void shouldEndFiringAlertsOneTtlAfterEachPostAndNeverBeforeTheyStart() {
    List<HostAlert> fired = AlertmanagerOutput.next(List.of(), advice(Severity.CRITICAL, NOW.plusSeconds(30)), NOW);

    assertThat(AlertmanagerOutput.postable(fired, NOW, TTL)).singleElement()
        .satisfies(a -> assertThat(a.endsAt()).isEqualTo(NOW.plusSeconds(30).plus(TTL)));
    assertThat(AlertmanagerOutput.postable(fired, NOW.plusSeconds(60), TTL)).singleElement()
        .satisfies(a -> assertThat(a.endsAt()).isEqualTo(NOW.plusSeconds(60).plus(TTL)));
  }

  @Test
  void shouldLabelTheNamespaceAndContainerOnlyWhenTheNamespaceIsFullOnItsOwn() {
    TopNamespace full = new TopNamespace(4026532177L, 200, 1.0, 9L, null, "3f2a1b", null, List.of("nginx"));
    TopNamespace busy = new TopNamespace(4026532178L, 150, 0.75, 0L, null, "77aa00", null, List.of("envoy"));

    assertThat(AlertmanagerOutput.labels(advice(Severity.CRITICAL, TestData.T, full)))
        .containsEntry("netns", "4026532177").containsEntry("container", "3f2a1b").doesNotContainKey("pod");
    assertThat(AlertmanagerOutput.labels(advice(Severity.CRITICAL, TestData.T, busy)))
        .doesNotContainKeys("netns", "container");
  }

  @Test
  void shouldPostToTheServersAlertsEndpointWhenGivenItsBaseUrl() {
    assertThat(AlertmanagerOutput.alertsEndpoint(URI.create("http://am-1:9093")))
        .isEqualTo(URI.create("http://am-1:9093/api/v2/alerts"));
    assertThat(AlertmanagerOutput.alertsEndpoint(URI.create("http://am-1:9093/")))
        .isEqualTo(URI.create("http://am-1:9093/api/v2/alerts"));
    assertThat(AlertmanagerOutput.alertsEndpoint(URI.create("https://proxy/am/api/v2/alerts")))
        .isEqualTo(URI.create("https://proxy/am/api/v2/alerts"));
  }

  @Test
  void shouldPostAgainAfterARefusalAndResendUntilResolvedThenStop() throws Exception {
    // Given an endpoint that refuses the first post, as Alertmanager refuses a body it cannot read
    endpoint.thenAnswer(400);
    try (AlertmanagerOutput alerts = output("200ms", "2s")) {
      alerts.start();

      // When the host's advice fires, then returns to info
      alerts.deliver(advice(Severity.CRITICAL, TestData.T));
      SinkFixture.await("a refusal, then two more posts", Duration.ofSeconds(10),
          () -> endpoint.requests("/api/v2/alerts").size() >= 3);
      alerts.deliver(advice(Severity.INFO, TestData.T.plusSeconds(60)));
      SinkFixture.await("the resolved alert posted", Duration.ofSeconds(10),
          () -> !resolvedPosts().isEmpty());
      // and the resolved alert is forgotten once no firing copy can outlive it (2 s)
      SinkFixture.await("the state file gone", Duration.ofSeconds(10), () -> !Files.exists(stateFile()));
      Thread.sleep(500); // the cycle that forgets the alert posts it a last time
      int posts = endpoint.requests().size();
      Thread.sleep(600);

      // Then the refusal was counted, each post held the firing alert until it was resolved, and posting stopped
      assertThat(metrics.get(SinkMetrics.Counter.WEBHOOK_REFUSED)).isEqualTo(1);
      assertThat(endpoint.requests()).hasSize(posts);
      JsonNode first = Json.mapper().readTree(endpoint.requests().get(0).body());
      assertThat(first.isArray()).isTrue();
      assertThat(first.get(0).get("labels").get("severity").asText()).isEqualTo("critical");
      assertThat(first.get(0).get("startsAt").asText()).isEqualTo(TestData.T.toString());
      assertThat(first.get(0).has("generatorURL")).isFalse();
    }
  }

  @Test
  void shouldPostTheFiringAlertsAnEarlierRunKeptAsSoonAsItStarts() throws Exception {
    try (AlertmanagerOutput first = output("1h", "2h")) {
      first.deliver(advice(Severity.WARNING, TestData.T)); // not started: only kept
    }
    assertThat(stateFile()).exists();

    try (AlertmanagerOutput second = output("1h", "2h")) {
      second.start();
      SinkFixture.await("the kept alert posted", Duration.ofSeconds(10), () -> endpoint.requests().size() == 1);
    }
    JsonNode body = Json.mapper().readTree(endpoint.requests().get(0).body());
    assertThat(body.get(0).get("labels").get("host").asText()).isEqualTo("lb-1");
    assertThat(Instant.parse(body.get(0).get("endsAt").asText())).isAfter(Instant.now().plus(Duration.ofMinutes(90)));
  }

  private AlertmanagerOutput output(String resend, String ttl) throws Exception {
    SinkSettings s = TestData.settings(out, SinkSettings.WEBHOOK_URL, endpoint.url("").toString(),
        SinkSettings.WEBHOOK_FORMAT, "alertmanager", SinkSettings.ALERTMANAGER_RESEND, resend,
        SinkSettings.ALERTMANAGER_TTL, ttl, SinkSettings.WEBHOOK_MAX_ATTEMPTS, "1");
    List<WebhookSender> senders = new ArrayList<>();
    s.webhookUrls().forEach(u -> senders.add(new WebhookSender(u, s, shutdown, metrics)));
    return new AlertmanagerOutput(senders, new OutputDirectory(out), s, Clock.systemUTC(), metrics);
  }

  private Path stateFile() {
    return out.resolve(OutputDirectory.STATE_DIR).resolve("lb-1").resolve(AlertmanagerOutput.STATE_FILE);
  }

  private List<WebhookEndpoint.Request> resolvedPosts() {
    return endpoint.requests().stream().filter(r -> {
      try {
        JsonNode a = Json.mapper().readTree(r.body()).get(0);
        return Instant.parse(a.get("endsAt").asText()).isBefore(Instant.now());
      } catch (Exception e) {
        return false;
      }
    }).toList();
  }
}
