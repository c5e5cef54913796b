package io.conntrackadvisor.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.conntrackadvisor.model.serde.JsonSerde;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

class JsonContractTest {
  private static final Instant T = Instant.parse("2026-03-02T08:14:55.120418Z");

  @Test
  void shouldWriteKernelMessageAsCamelCaseWithIsoTimestamp() {
    KernelMessage m = new KernelMessage("lb-1", T, null, 4, 0, "kernel", "journald", "kernel",
        "nf_conntrack: table full, dropping packet", "s=1");
    String json = Json.write(m);
    assertThat(json).contains("\"timestamp\":\"2026-03-02T08:14:55.120418Z\"")
        .contains("\"bootId\":null").contains("\"source\":\"journald\"");
    assertThat(new JsonSerde<>(KernelMessage.class).deserializer()
        .deserialize("t", json.getBytes(StandardCharsets.UTF_8))).isEqualTo(m);
  }

  @Test
  void shouldRoundTripEveryFindingTypeThroughTheFindingSerde() {
    JsonSerde<Finding> serde = new JsonSerde<>(Finding.class);
    List<Finding> findings = List.of(
        BurstFinding.of("h", 4026532177L, T, T.plusSeconds(6), 7, 412, true),
        BurstFinding.of("h", null, 101L, T, T.plusSeconds(6), 7, 0, true).withTimeEstimated(TimeEstimate.FILE_MTIME),
        new DropsFinding("h", T, T.plusSeconds(10), 100, 2, 1),
        new SaturationFinding("h", T, 180, 200, 0.9, SaturationLevel.CRITICAL, T.plusSeconds(60)));
    for (Finding f : findings) {
      byte[] bytes = serde.serializer().serialize("t", f);
      assertThat(serde.deserializer().deserialize("t", bytes)).isEqualTo(f);
    }
    assertThat(new String(serde.serializer().serialize("t", findings.get(0)), StandardCharsets.UTF_8))
        .startsWith("{\"type\":\"burst\"").contains("\"estimatedDrops\":419");
    assertThat(new String(serde.serializer().serialize("t", findings.get(0)), StandardCharsets.UTF_8))
        .doesNotContain("vps").doesNotContain("timeEstimated");
    assertThat(new String(serde.serializer().serialize("t", findings.get(1)), StandardCharsets.UTF_8))
        .endsWith("\"closed\":true,\"vps\":101,\"timeEstimated\":\"file-mtime\"}");
    assertThat(new String(serde.serializer().serialize("t", findings.get(3)), StandardCharsets.UTF_8))
        .contains("\"level\":\"critical\"");
  }

  @Test
  void shouldRoundTripRecommendationWithTypeField() {
    Recommendation r = new Recommendation("h", T, Severity.CRITICAL,
        Map.of("net.netfilter.nf_conntrack_max", 200L), Map.of("net.netfilter.nf_conntrack_max", 262144L),
        List.of("because"), "net.netfilter.nf_conntrack_max = 262144\n", null);
    JsonSerde<Recommendation> serde = new JsonSerde<>(Recommendation.class);
    String json = new String(serde.serializer().serialize("t", r), StandardCharsets.UTF_8);
    assertThat(json).startsWith("{\"type\":\"recommendation\"").contains("\"severity\":\"critical\"");
    assertThat(serde.deserializer().deserialize("t", json.getBytes(StandardCharsets.UTF_8))).isEqualTo(r);
  }

  @Test
  void shouldRoundTripTheTopNamespacesOfARecommendation() {
    TopNamespace nginx = new TopNamespace(4026532177L, 200, 1.0, 100L, null, "3f2a1b9c0d4e", null,
        List.of("nginx"));
    Recommendation r = new Recommendation("h", T, Severity.CRITICAL, Map.of(), Map.of(), List.of("because"), "",
        null, List.of(nginx));
    JsonSerde<Recommendation> serde = new JsonSerde<>(Recommendation.class);

    String json = new String(serde.serializer().serialize("t", r), StandardCharsets.UTF_8);

    assertThat(json).contains("\"topNamespaces\":[{\"netns\":4026532177,\"count\":200,\"share\":1.0,");
    assertThat(serde.deserializer().deserialize("t", json.getBytes(StandardCharsets.UTF_8))).isEqualTo(r);
  }

  @Test
  void shouldReadARecommendationThatLeavesOutTheOptionalTopNamespaces() {
    String bare = "{\"type\":\"recommendation\",\"host\":\"h\",\"timestamp\":\"2026-03-02T08:14:55Z\","
        + "\"severity\":\"warning\",\"current\":{},\"recommended\":{},\"reasons\":[\"r\"],"
        + "\"sysctlConf\":\"\",\"modprobeConf\":null}";

    Recommendation r = new JsonSerde<>(Recommendation.class).deserializer()
        .deserialize("t", bare.getBytes(StandardCharsets.UTF_8));

    assertThat(r.topNamespaces()).isNull();
    assertThat(r.severity()).isEqualTo(Severity.WARNING);
  }

  @Test
  void shouldGiveTheSameAdviceWhenOnlyTheNamespaceCountsDiffer() {
    Recommendation before = new Recommendation("h", T, Severity.CRITICAL, Map.of(), Map.of(), List.of("r"), "",
        null, List.of(new TopNamespace(7L, 150, 0.75, 0L, 0L, null, null, List.of("nginx"))));
    Recommendation after = new Recommendation("h", T.plusSeconds(60), Severity.CRITICAL, Map.of(), Map.of(),
        List.of("r"), "", null, List.of(new TopNamespace(7L, 190, 0.95, 3L, 0L, null, null, List.of("nginx"))));

    assertThat(after.adviceFingerprint()).isEqualTo(before.adviceFingerprint());
    assertThat(after.adviceFingerprint()).isNotEqualTo(new Recommendation("h", T, Severity.WARNING, Map.of(),
        Map.of(), List.of("r"), "", null).adviceFingerprint());
  }

  @Test
  void shouldRoundTripSampleAndKeepOptionalFieldsNull() {
    ConntrackSample s = new ConntrackSample("h", T, 200, 200, 65536L, 8L << 30, 4, "6.1.0",
        Map.of(StatNames.DROP, 3276L), Map.of("net.netfilter.nf_conntrack_tcp_timeout_established", 432000L), null);
    JsonSerde<ConntrackSample> serde = new JsonSerde<>(ConntrackSample.class);
    assertThat(serde.deserializer().deserialize("t", serde.serializer().serialize("t", s))).isEqualTo(s);
    assertThat(s.utilization()).isEqualTo(1.0);
  }

  @Test
  void shouldRejectCorruptBytesAndMissingRequiredFieldsWithSerializationException() {
    JsonSerde<KernelMessage> serde = new JsonSerde<>(KernelMessage.class);
    assertThatThrownBy(() -> serde.deserializer().deserialize("kernel-messages", new byte[] {(byte) 0xff, 0x00, '{'}))
        .isInstanceOf(SerializationException.class).hasMessageContaining("kernel-messages");
    assertThatThrownBy(() -> serde.deserializer().deserialize("t", "{\"host\":\"h\"}".getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(SerializationException.class);
    assertThatThrownBy(() -> new JsonSerde<>(Finding.class).deserializer().deserialize("t",
        "{\"type\":\"nope\",\"host\":\"h\"}".getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(SerializationException.class);
  }

  @Test
  void shouldPrefixEveryTopicName() {
    Topics topics = Topics.withPrefix("team-a.");
    assertThat(topics.all()).extracting(Topics.Topic::name).allMatch(n -> n.startsWith("team-a."));
    assertThat(topics.recommendations().configs()).containsEntry("cleanup.policy", "compact");
  }
}
