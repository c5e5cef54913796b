package io.conntrackadvisor.streams;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.conntrackadvisor.core.analyze.SampleReader;
import io.conntrackadvisor.core.analyze.ScanStats;
import io.conntrackadvisor.model.ConntrackSample;
import io.conntrackadvisor.model.KernelMessage;
import io.conntrackadvisor.model.Recommendation;
import io.conntrackadvisor.model.Severity;
import io.conntrackadvisor.model.config.Settings;
import io.conntrackadvisor.sink.SinkApp;
import io.conntrackadvisor.sink.SinkSettings;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The fixture scenario through the real broker, the Streams application and the sink into real Alertmanagers (one,
 * then an HA pair): each holds one active alert per host in trouble with its labels and none for healthy hosts; the
 * gateway's alert resolves when its advice returns to info; and once the sink stops, the alerts expire by
 * themselves at their {@code endsAt}.
 */
class AlertmanagerIT {
  /** Re-send interval and time to live of the alerts, short so that expiry is seen within the test. */
  private static final String RESEND = "1s";
  private static final long TTL_SECONDS = 6;
  /** The fixture host whose load grows towards the limit (warning) and then falls back. */
  private static final String GATEWAY = "api-gw-3";

  private final ItKit kit = new ItKit();

  @TempDir
  Path dir;

  @ParameterizedTest(name = "{0} Alertmanager(s)")
  @ValueSource(ints = {1, 2})
  @Execution(ExecutionMode.CONCURRENT) // each its own application, topics, sink and Alertmanagers
  void shouldHoldOneAlertPerHostInTroubleResolveItOnInfoAndLetItExpireWhenTheSinkStops(int servers)
      throws Exception {
    assumeTrue(Files.isExecutable(RealAlertmanager.BINARY), RealAlertmanager.BINARY
        + " is not installed (Debian package prometheus-alertmanager; bin/test installs it)");
    Map<String, String> settings = kit.settings(dir.resolve("state"), 2);
    settings.put(StreamsSettings.IDLE_RETENTION, "3650d"); // the fixtures span months of event time
    TopologySettings config = TopologySettings.from(Settings.of(settings));
    List<Recommendation> offline = FixtureInputs.analyze(config.detector(), config.recommender())
        .recommendations();
    Map<String, String> expected = troubled(offline);
    assertThat(expected).as("the scenario's hosts in trouble").containsKey(GATEWAY).hasSizeGreaterThan(1);
    assertThat(offline).as("a healthy host, which must have no alert").anyMatch(r -> r.severity() == Severity.INFO);
    Map<String, String> rest = new TreeMap<>(expected);
    rest.remove(GATEWAY);

    List<RealAlertmanager> ams = new ArrayList<>();
    try (StreamsApp app = kit.start(settings);
        KafkaProducer<String, byte[]> producer = kit.producer()) {
      for (int i = 0; i < servers; i++) {
        ams.add(new RealAlertmanager(dir.resolve("am-" + i)));
      }
      ItKit.await("RUNNING", () -> app.state() == KafkaStreams.State.RUNNING);
      FixtureInputs.Inputs in = FixtureInputs.all();
      for (KernelMessage m : in.messages()) {
        ItKit.send(producer, kit.topics.kernelMessages().name(), m.host(), m);
      }
      for (ConntrackSample s : in.samples()) {
        ItKit.send(producer, kit.topics.conntrackSamples().name(), s.host(), s);
      }
      producer.flush();

      SinkApp sink = startSink(ams);
      try {
        // Then every Alertmanager holds one alert per host in trouble, with the advice's severity
        for (RealAlertmanager am : ams) {
          awaitAlerts(am, expected);
          assertThat(am.activeAlerts()).allSatisfy(a -> assertThat(a.get("labels").get("alertname").asText())
              .isEqualTo("ConntrackTableAdvice")).allSatisfy(a -> assertThat(a.get("annotations")
              .get("summary").asText()).contains("conntrack advice for " + a.get("labels").get("host").asText()));
        }

        // When the gateway's load falls back to a third of its table for twenty minutes
        for (ConntrackSample s : coolDown()) {
          ItKit.send(producer, kit.topics.conntrackSamples().name(), s.host(), s);
        }
        producer.flush();

        // Then its alert is resolved and the others stand
        for (RealAlertmanager am : ams) {
          awaitAlerts(am, rest);
        }
      } finally {
        sink.close();
      }

      // When the sink is gone, the alerts stay until their endsAt and then expire by themselves
      for (RealAlertmanager am : ams) {
        assertThat(hostsAndSeverities(am)).isEqualTo(rest);
      }
      long stopped = System.nanoTime();
      for (RealAlertmanager am : ams) {
        awaitAlerts(am, Map.of());
      }
      assertThat((System.nanoTime() - stopped) / 1e9).as("seconds until they expired")
          .isLessThan(TTL_SECONDS + 20);
    } finally {
      for (RealAlertmanager am : ams) {
        am.close();
      }
    }
  }

  private SinkApp startSink(List<RealAlertmanager> ams) throws IOException {
    Map<String, String> m = new HashMap<>();
    m.put(Settings.BOOTSTRAP_SERVERS, kit.bootstrap);
    m.put(Settings.TOPIC_PREFIX, kit.id + ".");
    m.put(SinkSettings.OUT_DIR, dir.resolve("out").toString());
    m.put(SinkSettings.GROUP_ID, kit.id + "-sink");
    m.put(SinkSettings.DROPINS, "false");
    m.put(SinkSettings.WEBHOOK_FORMAT, "alertmanager");
    m.put(SinkSettings.WEBHOOK_URL, ams.stream().map(a -> a.url().toString()).collect(Collectors.joining(",")));
    m.put(SinkSettings.ALERTMANAGER_RESEND, RESEND);
    m.put(SinkSettings.ALERTMANAGER_TTL, TTL_SECONDS + "s");
    SinkApp sink = new SinkApp(Settings.of(m));
    Thread t = new Thread(sink::run, "alertmanager-it-sink");
    t.setDaemon(true);
    t.start();
    return sink;
  }

  /** Host -> severity label of the hosts whose final advice is warning or critical. */
  private static Map<String, String> troubled(List<Recommendation> recommendations) {
    Map<String, String> m = new TreeMap<>();
    recommendations.stream().filter(r -> r.severity() != Severity.INFO)
        .forEach(r -> m.put(r.host(), r.severity().wireName()));
    return m;
  }

  private static Map<String, String> hostsAndSeverities(RealAlertmanager am) throws Exception {
    Map<String, String> m = new TreeMap<>();
    for (JsonNode a : am.activeAlerts()) {
      String host = a.get("labels").get("host").asText();
      // one alert per host: a second one would show as a clash here
      m.merge(host, a.get("labels").get("severity").asText(), (x, y) -> x + "+" + y);
    }
    return m;
  }

  private static void awaitAlerts(RealAlertmanager am, Map<String, String> want) throws Exception {
    long deadline = System.nanoTime() + ItKit.STEP.toNanos();
    Map<String, String> got = hostsAndSeverities(am);
    while (!got.equals(want)) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("Alertmanager " + am.url() + " holds " + got + ", expected " + want);
      }
      Thread.sleep(200);
      got = hostsAndSeverities(am);
    }
  }

  /** Twenty minutes of the gateway at a third of its table, right after the fixture's growth timeline. */
  private static List<ConntrackSample> coolDown() throws IOException {
    StringBuilder csv = new StringBuilder("timestamp,host,count,max,drops\n");
    Instant t = Instant.parse("2026-03-02T08:40:30Z");
    for (int i = 0; i < 40; i++) {
      csv.append(t.plusSeconds(30L * i)).append(',').append(GATEWAY).append(',').append(90_000 + i % 3 * 100)
          .append(",262144,0\n");
    }
    return SampleReader.read(new BufferedReader(new StringReader(csv.toString())), new ScanStats());
  }
}
