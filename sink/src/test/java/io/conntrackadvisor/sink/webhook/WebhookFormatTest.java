package io.conntrackadvisor.sink.webhook;

import io.conntrackadvisor.sink.TestData;
import io.conntrackadvisor.sink.ValidRecommendation;
import static io.conntrackadvisor.sink.TestData.MAX;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.conntrackadvisor.model.Json;
import io.conntrackadvisor.model.Recommendation;
import io.conntrackadvisor.model.Severity;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WebhookFormatTest {
  private final ValidRecommendation critical = TestData.valid("lb-1", 262144);

  private static JsonNode parse(String json) throws Exception {
    return Json.mapper().readTree(json);
  }

  @Test
  void shouldPostTheCheckedRecommendationInTheGenericShape() throws Exception {
    JsonNode n = parse(WebhookFormat.GENERIC.payload(critical));

    assertThat(n.get("type").asText()).isEqualTo("recommendation");
    assertThat(n.get("host").asText()).isEqualTo("lb-1");
    assertThat(n.get("severity").asText()).isEqualTo("critical");
    assertThat(n.get("recommended").get(MAX).asLong()).isEqualTo(262144);
    assertThat(n.get("digest").asText()).isEqualTo(critical.digest());
    assertThat(n.get("sysctlConf").asText()).isEqualTo(critical.sysctlConf());
    assertThat(n.get("modprobeConf").isNull()).isTrue();
  }

  @Test
  void shouldPostAnAlertmanagerVersion4NotificationWithOneFiringAlert() throws Exception {
    JsonNode n = parse(WebhookFormat.ALERTMANAGER_NOTIFICATION.payload(critical));

    assertThat(n.get("version").asText()).isEqualTo("4");
    assertThat(n.get("status").asText()).isEqualTo("firing");
    assertThat(n.get("groupKey").asText()).contains("host=\"lb-1\"");
    JsonNode alert = n.get("alerts").get(0);
    assertThat(n.get("alerts")).hasSize(1);
    assertThat(alert.get("labels").get("alertname").asText()).isEqualTo(WebhookPayloads.ALERT_NAME);
    assertThat(alert.get("labels").get("severity").asText()).isEqualTo("critical");
    assertThat(alert.get("labels").get("host").asText()).isEqualTo("lb-1");
    assertThat(alert.get("annotations").get("summary").asText()).contains("nf_conntrack_max 200 → 262144");
    assertThat(alert.get("startsAt").asText()).isEqualTo("2026-03-02T08:14:55Z");
    assertThat(alert.get("endsAt").asText()).isEqualTo("0001-01-01T00:00:00Z");
    assertThat(alert.get("fingerprint").asText()).hasSize(16);
    assertThat(n.get("commonLabels")).isEqualTo(alert.get("labels"));
  }

  @Test
  void shouldResolveTheAlertWhenTheAdviceIsInformational() throws Exception {
    ValidRecommendation info = TestData.valid(new Recommendation("lb-1", TestData.T, Severity.INFO,
        Map.of(MAX, 262144L), Map.of(), List.of("table at 12 %"), "", null));

    JsonNode n = parse(WebhookFormat.ALERTMANAGER_NOTIFICATION.payload(info));

    assertThat(n.get("status").asText()).isEqualTo("resolved");
    assertThat(n.get("alerts").get(0).get("endsAt").asText()).isEqualTo("2026-03-02T08:14:55Z");
  }

  @Test
  void shouldPostASlackMessageWithMentionsAndLinksEscaped() throws Exception {
    ValidRecommendation r = TestData.valid(new Recommendation("lb-1", TestData.T, Severity.CRITICAL,
        Map.of(MAX, 200L), Map.of(MAX, 262144L), List.of("<!channel> see <https://evil.example|here> & more"),
        "", null));

    JsonNode n = parse(WebhookFormat.SLACK.payload(r));

    assertThat(n.fieldNames()).toIterable().containsExactly("text");
    assertThat(n.get("text").asText())
        .startsWith("*[critical] conntrack advice for lb-1: nf_conntrack_max 200 → 262144*\n")
        .contains("&lt;!channel&gt; see &lt;https://evil.example|here&gt; &amp; more")
        .doesNotContain("<!channel>")
        .contains("```\n" + MAX + " = 262144\n```");
  }

  @Test
  void shouldParseFormatNamesCaseInsensitivelyAndNameTheChoicesOtherwise() {
    assertThat(WebhookFormat.parse(" Slack ")).isEqualTo(WebhookFormat.SLACK);
    assertThatThrownBy(() -> WebhookFormat.parse("teams")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("generic, alertmanager, alertmanager-notification, slack");
  }
}
