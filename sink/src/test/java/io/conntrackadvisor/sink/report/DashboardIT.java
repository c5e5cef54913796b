package io.conntrackadvisor.sink.report;

import io.conntrackadvisor.sink.RecommendationValidator;
import io.conntrackadvisor.sink.SinkFixture;
import io.conntrackadvisor.sink.SinkSettings;
import io.conntrackadvisor.sink.dropin.DropInOutput;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.conntrackadvisor.model.BurstFinding;
import io.conntrackadvisor.model.ConntrackSample;
import io.conntrackadvisor.model.Recommendation;
import io.conntrackadvisor.model.Severity;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code sink --http-port}: the live dashboard against a real broker, read over HTTP and in real headless Chromium;
 * and its history across a restart of the sink.
 */
class DashboardIT {
  private static final String MAX = RecommendationValidator.MAX;
  private static final Pattern COUNT_PATH =
      Pattern.compile("<path class=\"count\" data-points=\"(\\d+)\" data-last=\"(\\d+)\"");

  @TempDir
  Path tmp;
  @AutoClose
  private final SinkFixture kafka = new SinkFixture();
  private final HttpClient http = HttpClient.newHttpClient();
  /** Every sample sent, to count those a chart should show. */
  private final List<ConntrackSample> sent = new ArrayList<>();

  DashboardIT() throws Exception {
  }

  @Test
  void shouldShowTheFleetLiveInChromiumAndUpdateItWithoutAReload() throws Exception {
    Optional<Chromium> chromium = Chromium.find();
    assumeTrue(chromium.isPresent(), "chromium is not installed (apt-get install chromium)");
    SinkFixture.Running sink = kafka.start(kafka.settings(tmp.resolve("out"), SinkSettings.HTTP_PORT, "0"));
    Instant t0 = Instant.now().truncatedTo(ChronoUnit.SECONDS).minusSeconds(30);
    feedScenario(t0);
    String url = sink.app().dashboardUrl() + "index-15m.html";
    SinkFixture.await("every host charted", Duration.ofSeconds(30), () -> COUNT_PATH.matcher(get(url)).results()
        .count() == 3);

    // the healthy host goes on sending samples while the browser has the page open
    AtomicBoolean loading = new AtomicBoolean(true);
    Thread host = new Thread(() -> {
      Instant t = t0.plusSeconds(24);
      while (loading.get()) {
        send(ConntrackSample.of("db-1", t, 78_000 + t.getEpochSecond() % 900, 262_144));
        t = t.plusSeconds(1);
        pause(300);
      }
    }, "db-1");
    host.start();
    String dom;
    try {
      dom = chromium.get().load(url, tmp.resolve("dashboard.png"), 1280, 1400, Duration.ofSeconds(5),
          tmp.resolve("chromium"));
    } finally {
      loading.set(false);
      host.join();
    }

    assertThat(rowHosts(dom)).containsExactly("docker-web-1", "api-gw-2", "db-1");
    assertThat(dom).as("an update replaced the live part in place").containsPattern("<body data-updates=\"[1-9]");
    Matcher m = COUNT_PATH.matcher(dom);
    List<String> charted = new ArrayList<>();
    for (String h : List.of("docker-web-1", "api-gw-2", "db-1")) {
      assertThat(m.find()).as("a line for %s", h).isTrue();
      long last = Long.parseLong(m.group(2));
      long expected = sent.stream().filter(s -> s.host().equals(h) && s.timestamp().toEpochMilli() <= last).count();
      assertThat(Integer.parseInt(m.group(1))).as("vertices of %s", h).isEqualTo(expected).isGreaterThan(20);
      charted.add(h);
    }
    assertThat(charted).hasSize(3);
    assertThat(dom).as("the burst band at the burst's time")
        .contains("<rect class=\"burst\"", "data-start=\"" + t0.plusSeconds(6).toEpochMilli() + "\" data-end=\""
            + t0.plusSeconds(16).toEpochMilli() + "\"");
  }

  @Test
  void shouldShowTheSameHistoryAfterARestart() throws Exception {
    SinkSettings settings = kafka.settings(tmp.resolve("out"), SinkSettings.HTTP_PORT, "0",
        SinkSettings.GROUP_ID, kafka.prefix + "dashboard");
    SinkFixture.Running first = kafka.start(settings);
    feedScenario(Instant.now().truncatedTo(ChronoUnit.SECONDS).minusSeconds(30));
    String before = first.app().dashboardUrl() + "index-1h.html";
    SinkFixture.await("every sample charted", Duration.ofSeconds(30), () -> charts(get(before)).equals(List.of(
        "24", "24", "24")));
    String beforeCharts = svgs(get(before));
    SinkFixture.stop(first);

    SinkFixture.Running second = kafka.start(settings); // same group: nothing is read again from the topics
    String after = get(second.app().dashboardUrl() + "index-1h.html");

    assertThat(charts(after)).containsExactly("24", "24", "24");
    assertThat(svgs(after)).as("the same charts").isEqualTo(beforeCharts);
  }

  @Test
  void shouldChartSamplesWithoutLearningTheHostsRamWhenTheSettingsSayNot() throws Exception {
    Path out = tmp.resolve("out");
    SinkFixture.Running sink = kafka.start(kafka.settings(out, SinkSettings.HTTP_PORT, "0",
        SinkSettings.VALIDATE_MEMORY_FROM_SAMPLES, "false"));
    Instant t = Instant.now().truncatedTo(ChronoUnit.SECONDS).minusSeconds(5);
    // 1 GiB of RAM: 4 000 000 entries would not fit if the sink knew it
    kafka.send(kafka.topics.conntrackSamples(), "small-vm", new ConntrackSample("small-vm", t, 180, 200, null,
        1L << 30, 1, null, null, null, null));
    advise("small-vm", Severity.CRITICAL, t, 200, 4_000_000L);

    SinkFixture.await("the drop-in", Duration.ofSeconds(30),
        () -> Files.exists(out.resolve("small-vm").resolve(DropInOutput.SYSCTL_FILE)));
    SinkFixture.await("the sample charted", Duration.ofSeconds(10),
        () -> charts(get(sink.app().dashboardUrl())).equals(List.of("1")));
  }

  /** The demo's three hosts for 24 s from {@code t0}: a full Docker host with a burst, a gateway, a quiet database. */
  private void feedScenario(Instant t0) throws Exception {
    for (int i = 0; i < 24; i++) {
      Instant t = t0.plusSeconds(i);
      send(ConntrackSample.of("docker-web-1", t, Math.min(200, 12 + 40L * i), 200));
      send(ConntrackSample.of("api-gw-2", t, Math.round(262_144 * (0.70 + 0.005 * i)), 262_144));
      send(ConntrackSample.of("db-1", t, 78_000 + i * 37L, 262_144));
    }
    kafka.send(kafka.topics.findings(), "docker-web-1",
        BurstFinding.of("docker-web-1", null, t0.plusSeconds(6), t0.plusSeconds(16), 33, 1300, true));
    advise("docker-web-1", Severity.CRITICAL, t0.plusSeconds(20), 200, 254_110L);
    advise("api-gw-2", Severity.WARNING, t0.plusSeconds(20), 262_144, 393_216L);
    advise("db-1", Severity.INFO, t0.plusSeconds(20), 262_144, null);
  }

  private void advise(String host, Severity severity, Instant at, long max, Long recommended) throws Exception {
    kafka.send(kafka.topics.recommendations(), host, new Recommendation(host, at, severity, Map.of(MAX, max),
        recommended == null ? Map.of() : Map.of(MAX, recommended), List.of("scenario"), "", null));
  }

  private void send(ConntrackSample s) {
    try {
      kafka.send(kafka.topics.conntrackSamples(), s.host(), s);
      synchronized (sent) {
        sent.add(s);
      }
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static void pause(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private String get(String url) {
    try {
      return http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString()).body();
    } catch (Exception e) {
      return "";
    }
  }

  private static List<String> charts(String html) {
    return COUNT_PATH.matcher(html).results().map(r -> r.group(1)).toList();
  }

  /** What the charts show, independent of the time the page was made: each line's samples and bursts' times. */
  private static String svgs(String html) {
    return String.join("\n", Pattern.compile("<path class=\"count\" [^>]*? d=|<rect class=\"burst\" [^>]*?>")
        .matcher(html).results().map(r -> r.group().replaceAll(" x=\"[^\"]*\"| width=\"[^\"]*\"", "")).toList());
  }

  private static List<String> rowHosts(String dom) {
    return Pattern.compile("<tr class=\"host-row\" data-host=\"([^\"]+)\"").matcher(dom).results()
        .map(r -> r.group(1)).toList();
  }
}
