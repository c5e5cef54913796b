package io.conntrackadvisor.streams;

import static org.assertj.core.api.Assertions.assertThat;

import io.conntrackadvisor.model.ConntrackSample;
import io.conntrackadvisor.model.KernelMessage;
import io.conntrackadvisor.model.Recommendation;
import io.conntrackadvisor.model.config.Settings;
import io.conntrackadvisor.streams.AppCounters.Counter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The fixture scenarios go through the real topics of a real broker, as any producer would write them (some
 * without a key, re-keyed since {@code rekey.keyless} is on, plus one corrupt record per input topic), and the
 * compacted recommendations topic ends up holding what the offline analyzer computes from the same files.
 */
class FixturesIT {
  private final ItKit kit = new ItKit();
  private final HttpClient http = HttpClient.newHttpClient();

  @TempDir
  Path stateDir;

  @Test
  void shouldRecommendWhatTheAnalyzerRecommendsAndDeadLetterPoisonOverRealTopics() throws Exception {
    Map<String, String> settings = kit.settings(stateDir, 2);
    settings.put(StreamsSettings.METRICS_PORT, "0");
    settings.put(StreamsSettings.IDLE_RETENTION, "3650d"); // the fixtures span months of event time
    settings.put(StreamsSettings.REKEY_KEYLESS, "true"); // some records below come without a key
    TopologySettings config = TopologySettings.from(Settings.of(settings));
    List<Recommendation> expected = FixtureInputs.analyze(config.detector(), config.recommender())
        .recommendations();
    FixtureInputs.Inputs in = FixtureInputs.all();

    try (StreamsApp app = kit.start(settings);
        KafkaProducer<String, byte[]> producer = kit.producer();
        ItKit.Reader<Recommendation> recs = kit.reader(kit.topics.recommendations().name(),
            kit.topics.recommendations().valueSerde().deserializer());
        ItKit.Reader<byte[]> dlq = kit.reader(kit.topics.dlq().name(), ItKit.bytes())) {
      ItKit.await("RUNNING", () -> app.state() == KafkaStreams.State.RUNNING);
      assertThat(get(app, "/ready").statusCode()).isEqualTo(200);

      // The journal host's records come without a key: they go through the re-keying topic.
      for (KernelMessage m : in.messages()) {
        ItKit.send(producer, kit.topics.kernelMessages().name(), m.host().startsWith("k8s-") ? null : m.host(), m);
      }
      for (ConntrackSample s : in.samples()) {
        ItKit.send(producer, kit.topics.conntrackSamples().name(), s.host(), s);
      }
      producer.send(new ProducerRecord<>(kit.topics.kernelMessages().name(), "bad-1", bytes("{\"host\":")));
      producer.send(new ProducerRecord<>(kit.topics.conntrackSamples().name(), "bad-2", bytes("not json")));
      producer.flush();

      recs.until("the analyzer's recommendations", r -> sameAdvice(latest(r), expected));
      List<ConsumerRecord<String, byte[]>> dead = dlq.until("two dead letters", r -> r.size() >= 2);
      assertThat(dead).extracting(ConsumerRecord::key).containsExactlyInAnyOrder("bad-1", "bad-2");
      assertThat(app.counters().get(Counter.DEAD_LETTERED)).isEqualTo(2);
      assertThat(app.counters().get(Counter.REKEYED_RECORDS)).isPositive();

      assertThat(get(app, "/health").statusCode()).isEqualTo(200);
      String metrics = get(app, "/metrics").body();
      assertThat(metrics).contains("conntrack_advisor_streams_dead_lettered_total 2\n")
          .contains("kafka_stream_thread_process_total{");
    }
  }

  private static Map<String, Recommendation> latest(List<ConsumerRecord<String, Recommendation>> records) {
    Map<String, Recommendation> m = new HashMap<>();
    records.forEach(r -> m.put(r.key(), r.value()));
    return m;
  }

  /** Same hosts, and per host the same severity, current and recommended values. */
  private static boolean sameAdvice(Map<String, Recommendation> online, List<Recommendation> offline) {
    if (online.size() != offline.size()) {
      return false;
    }
    for (Recommendation want : offline) {
      Recommendation got = online.get(want.host());
      if (got == null || got.severity() != want.severity() || !got.current().equals(want.current())
          || !got.recommended().equals(want.recommended())) {
        return false;
      }
    }
    return true;
  }

  private HttpResponse<String> get(StreamsApp app, String path) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.metricsPort() + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
