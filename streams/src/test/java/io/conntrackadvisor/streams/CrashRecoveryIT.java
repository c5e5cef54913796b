package io.conntrackadvisor.streams;

import static org.assertj.core.api.Assertions.assertThat;

import io.conntrackadvisor.model.Finding;
import io.conntrackadvisor.model.KernelMessage;
import io.conntrackadvisor.model.Recommendation;
import java.io.IOException;
import java.io.Writer;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

/**
 * The Streams instance runs in a child JVM and is killed with SIGKILL while records flow in, then started again
 * on the same state dir. Read with read_committed, the findings are exactly those the same topology computes
 * without a crash (none lost, none twice), no recommendation is issued twice in a row, and every host ends with
 * the advice the crash-free run ends with.
 */
@Execution(ExecutionMode.CONCURRENT) // its own topics, application and state; mostly waiting
class CrashRecoveryIT {
  /** Exit status of a JVM that ran its shutdown hooks on SIGTERM. */
  private static final int SIGTERM_EXIT = 143;
  private static final int HOSTS = 16;
  private static final int BURSTS = 8;
  private static final int MESSAGES_PER_BURST = 40;
  /** A day before the test driver's clock, and in the past of the real one. */
  private static final Instant BASE = AdvisorDriver.T0.minus(Duration.ofDays(1));

  private final ItKit kit = new ItKit();

  @TempDir
  Path dir;

  @Test
  void shouldLoseAndRepeatNothingWhenKilledMidStream() throws Exception {
    Map<String, String> settings = kit.settings(dir.resolve("state"), 2);
    settings.put(StreamsSettings.BURST_GAP, "10m");
    int port = freePort();
    settings.put(StreamsSettings.METRICS_PORT, Integer.toString(port));
    List<KernelMessage> input = input();
    Expected expected = expected(input);
    int total = expected.findings().values().stream().mapToInt(List::size).sum();
    Path config = writeProperties(settings);

    try (ItKit.Reader<Finding> findings = kit.reader(kit.topics.findings().name(),
            kit.topics.findings().valueSerde().deserializer());
        ItKit.Reader<Recommendation> recs = kit.reader(kit.topics.recommendations().name(),
            kit.topics.recommendations().valueSerde().deserializer())) {
      Process first = launch(config, "first");
      CompletableFuture<Void> producing;
      int atKill;
      try {
        awaitReady(port);
        producing = CompletableFuture.runAsync(() -> produce(input));
        findings.until("a third of the findings", r -> r.size() >= total / 3);
        first.destroyForcibly();
        assertThat(first.waitFor(30, TimeUnit.SECONDS)).isTrue();
        atKill = findings.poll(Duration.ofSeconds(1)).size();
      } finally {
        first.destroyForcibly();
      }
      Process second = launch(config, "second");
      try {
        producing.get(ItKit.STEP.toSeconds(), TimeUnit.SECONDS);
        assertThat(atKill).as("killed mid-stream").isLessThan(total);
        findings.until("every finding", r -> r.size() >= total);
        findings.poll(Duration.ofSeconds(2));
        recs.until("the final advice of every host", r -> sameAdvice(last(r), expected.lastAdvice()));
        second.destroy();
        assertThat(second.waitFor(60, TimeUnit.SECONDS)).as("clean close on SIGTERM").isTrue();
        assertThat(second.exitValue()).isEqualTo(SIGTERM_EXIT);
      } finally {
        second.destroyForcibly();
      }
      assertThat(byHost(findings.records)).isEqualTo(expected.findings());
      assertNoRecommendationRepeats(recs.records);
    }
  }

  /** Table-full bursts of every host, half an hour apart, in time order over all hosts. */
  private static List<KernelMessage> input() {
    List<KernelMessage> all = new ArrayList<>();
    for (int h = 0; h < HOSTS; h++) {
      String host = String.format(Locale.ROOT, "node-%02d", h);
      for (int b = 0; b < BURSTS; b++) {
        Instant start = BASE.plus(Duration.ofMinutes(30L * b)).plusMillis(137L * h);
        for (int m = 0; m < MESSAGES_PER_BURST; m++) {
          all.add(AdvisorDriver.tableFull(host, start.plusSeconds(m)));
        }
      }
    }
    all.sort(Comparator.comparing(KernelMessage::timestamp).thenComparing(KernelMessage::host));
    return all;
  }

  /** What the same topology gives for the same records without a crash (test driver, one partition). */
  private record Expected(Map<String, List<Finding>> findings, Map<String, Recommendation> lastAdvice) {
  }

  private Expected expected(List<KernelMessage> input) {
    Map<String, String> oracle = Map.of(StreamsSettings.BURST_GAP, "10m", StreamsSettings.GRACE_PERIOD, "0s");
    try (AdvisorDriver d = new AdvisorDriver(dir.resolve("oracle"), oracle)) {
      input.forEach(d::send);
      Map<String, List<Finding>> findings = new LinkedHashMap<>();
      d.findings.readKeyValuesToList()
          .forEach(kv -> findings.computeIfAbsent(kv.key, k -> new ArrayList<>()).add(kv.value));
      Map<String, Recommendation> advice = new HashMap<>();
      d.recommendations.readKeyValuesToList().forEach(kv -> advice.put(kv.key, kv.value));
      return new Expected(findings, advice);
    }
  }

  private static Map<String, Recommendation> last(List<ConsumerRecord<String, Recommendation>> records) {
    Map<String, Recommendation> m = new HashMap<>();
    records.forEach(r -> m.put(r.key(), r.value()));
    return m;
  }

  private static boolean sameAdvice(Map<String, Recommendation> actual, Map<String, Recommendation> expected) {
    return actual.size() == expected.size()
        && expected.entrySet().stream().allMatch(e -> actual.containsKey(e.getKey())
            && e.getValue().adviceFingerprint() == actual.get(e.getKey()).adviceFingerprint());
  }

  private void produce(List<KernelMessage> input) {
    try (KafkaProducer<String, byte[]> p = kit.producer()) {
      for (int i = 0; i < input.size(); i++) {
        ItKit.send(p, kit.topics.kernelMessages().name(), input.get(i).host(), input.get(i));
        if (i % 100 == 99) {
          p.flush();
          Thread.sleep(100); // about 5 s of steady flow, so that the kill lands while records still come in
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static Map<String, List<Finding>> byHost(List<ConsumerRecord<String, Finding>> records) {
    Map<String, List<Finding>> m = new LinkedHashMap<>();
    records.forEach(r -> m.computeIfAbsent(r.key(), k -> new ArrayList<>()).add(r.value()));
    return m;
  }

  private static void assertNoRecommendationRepeats(List<ConsumerRecord<String, Recommendation>> records) {
    Map<String, Recommendation> last = new HashMap<>();
    assertThat(records).isNotEmpty();
    for (ConsumerRecord<String, Recommendation> r : records) {
      Recommendation before = last.get(r.key());
      assertThat(before != null && r.value().adviceFingerprint() == before.adviceFingerprint())
          .as("repeated advice for %s at offset %d", r.key(), r.offset()).isFalse();
      last.put(r.key(), r.value());
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  /** Waits for the child's {@code /ready}: it is RUNNING with its partitions assigned. */
  private static void awaitReady(int port) throws InterruptedException {
    HttpClient http = HttpClient.newHttpClient();
    HttpRequest ready = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/ready")).build();
    ItKit.await("the child instance to be ready", () -> {
      try {
        return http.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
      } catch (IOException e) {
        return false;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
    });
  }

  private Path writeProperties(Map<String, String> settings) throws IOException {
    Properties p = new Properties();
    p.putAll(settings);
    Path file = dir.resolve("streams.properties");
    try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      p.store(w, "crash test");
    }
    return file;
  }

  /** The child's output, kept in {@code target/} for a look after a failure. */
  private Process launch(Path config, String name) throws IOException {
    Path logs = Files.createDirectories(Path.of("target", "crash-recovery-it"));
    return new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m",
        "-cp", System.getProperty("java.class.path"), StreamsAppLauncher.class.getName(), config.toString())
        .redirectOutput(logs.resolve(name + ".out").toFile())
        .redirectError(logs.resolve(name + ".err").toFile())
        .start();
  }
}
