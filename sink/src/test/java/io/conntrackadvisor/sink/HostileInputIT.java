package io.conntrackadvisor.sink;

import io.conntrackadvisor.sink.dropin.DropInOutput;
import io.conntrackadvisor.sink.report.ReportOutput;
import static io.conntrackadvisor.sink.TestData.MAX;
import static io.conntrackadvisor.sink.TestData.T;
import static org.assertj.core.api.Assertions.assertThat;

import io.conntrackadvisor.model.ConntrackSample;
import io.conntrackadvisor.model.DeadLetterHeaders;
import io.conntrackadvisor.model.Recommendation;
import io.conntrackadvisor.model.Severity;
import io.conntrackadvisor.model.Topics;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.Properties;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What an attacker, or a broken producer, can put on the topics must never leave the output folder. */
class HostileInputIT {
  /** The temporary file of a page being written (AtomicFiles' atomic write): {@code .index.html123.tmp}. */
  private static final Pattern REWRITING = Pattern.compile("\\.index.*\\.tmp");

  @TempDir
  Path tmp;
  @AutoClose
  private final SinkFixture kafka = new SinkFixture();

  HostileInputIT() throws Exception {
  }

  private static Recommendation rec(String host, Map<String, Long> recommended) {
    return new Recommendation(host, T, Severity.CRITICAL, Map.of(), recommended, List.of("r"), "", null);
  }

  private static String header(ConsumerRecord<byte[], byte[]> r, String key) {
    return new String(r.headers().lastHeader(key).value(), StandardCharsets.UTF_8);
  }

  @Test
  void shouldRejectCountAndDeadLetterHostileRecordsAndKeepRunning() throws Exception {
    Topics t = kafka.topics;
    Path out = tmp.resolve("sandbox").resolve("out");
    SinkFixture.Running sink = kafka.start(kafka.settings(out, SinkSettings.REPORT, "true"));
    // a host whose RAM is known: 1 GiB
    kafka.send(t.conntrackSamples(), "small-vm", new ConntrackSample("small-vm", T, 10, 200, null, 1L << 30, 1,
        null, null, null, null));
    SinkFixture.await("the sample", Duration.ofSeconds(30),
        () -> sink.app().metrics().consumed(t.conntrackSamples().name()) == 1);

    // Given path traversal, absurd values, foreign sysctls, malformed bytes and an aborted transaction
    for (String host : List.of("../../etc", "/etc/cron.d", "a/b", "lb\u0000x", "lb-1\n# injected", "h".repeat(300))) {
      kafka.send(t.recommendations(), "k", rec(host, Map.of(MAX, 262144L)));
    }
    kafka.send(t.recommendations(), "big", rec("big", Map.of(MAX, 1L << 40)));
    kafka.send(t.recommendations(), "big", rec("big", Map.of(MAX, 1L << 31)));
    kafka.send(t.recommendations(), "small-vm", rec("small-vm", Map.of(MAX, 4_000_000L)));
    kafka.send(t.recommendations(), "x", rec("x", Map.of("kernel.core_pattern", 1L)));
    kafka.send(t.recommendations(), "x", rec("x", Map.of(MAX + " = 1\nkernel.sysrq", 1L)));
    // a hostile modprobe text is never written (the sink renders its own); a hash size that is not the buckets is
    // rejected
    kafka.send(t.recommendations(), "x", new Recommendation("x", T, Severity.CRITICAL, Map.of(),
        Map.of(MAX, 1024L, TestData.BUCKETS, 512L), List.of("r"), "", "install nf_conntrack /bin/sh -c id", null,
        1024L));
    kafka.sendBytes(t.recommendations().name(), "m1", new byte[] {(byte) 0xde, (byte) 0xad, 0, '{'});
    kafka.sendBytes(t.recommendations().name(), "m2", ("{\"type\":\"recommendation\",\"host\":\"lb-1\",\"timestamp\":"
        + "\"2026-03-02T08:14:55Z\",\"severity\":\"critical\",\"recommended\":{\"" + MAX + "\":1e400},"
        + "\"sysctlConf\":\"\"}").getBytes(StandardCharsets.UTF_8));
    kafka.sendBytes(t.findings().name(), "m3", "{\"type\":\"burst\"".getBytes(StandardCharsets.UTF_8));
    sendAborted(t, rec("aborted-host", Map.of(MAX, 1024L)));
    // and one good record after all of them, whose namespace owners (chosen by whoever names a container) are hostile
    kafka.send(t.recommendations(), "ok-host", new Recommendation("ok-host", T, Severity.CRITICAL, Map.of(),
        Map.of(MAX, 131072L), List.of("r"), "", null, List.of(TestData.namespace(4026532177L, 200,
            "<script>alert(1)</script>", "\"><img src=//evil.example/x>"))));

    // Then the good one is written, the sink still runs, and nothing else was written anywhere
    SinkFixture.await("the good record", Duration.ofSeconds(30),
        () -> Files.exists(out.resolve("ok-host").resolve(DropInOutput.SYSCTL_FILE)));
    SinkFixture.await("the report's pages", Duration.ofSeconds(10), () -> Files.exists(out.resolve("index.html"))
        && Files.exists(out.resolve("index-7d.html")));
    SinkMetrics m = sink.app().metrics();
    SinkFixture.await("every hostile record handled (two topics, no order between them)", Duration.ofSeconds(20),
        () -> m.rejectedTotal() == 15 && m.get(SinkMetrics.Counter.DEAD_LETTERS) == 3);
    assertThat(sink.thread().isAlive()).isTrue();
    assertThat(m.rejected("host_name")).isEqualTo(6);
    assertThat(m.rejected("value_range")).isEqualTo(2);
    assertThat(m.rejected("memory")).isEqualTo(1);
    assertThat(m.rejected("sysctl_name")).isEqualTo(2);
    assertThat(m.rejected("modprobe")).isEqualTo(1);
    assertThat(m.rejected("malformed")).isEqualTo(3);
    assertThat(m.get(SinkMetrics.Counter.DEAD_LETTERS)).isEqualTo(3);

    try (Stream<Path> all = Files.walk(tmp)) {
      // a page being rewritten meanwhile has a hidden temporary file beside it until its atomic rename
      assertThat(all.filter(Files::isRegularFile).filter(p -> !REWRITING.matcher(p.getFileName().toString()).matches())
          .map(p -> tmp.relativize(p).toString())).containsExactlyInAnyOrder(
          "sandbox/out/ok-host/" + DropInOutput.SYSCTL_FILE,
          "sandbox/out/.state/ok-host/" + ReportOutput.HISTORY_FILE,
          "sandbox/out/index.html", "sandbox/out/index-15m.html", "sandbox/out/index-1h.html",
          "sandbox/out/index-24h.html", "sandbox/out/index-7d.html");
    }
    try (Stream<Path> dirs = Files.list(out)) {
      assertThat(dirs.map(p -> p.getFileName().toString()).filter(n -> !REWRITING.matcher(n).matches()))
          .containsExactlyInAnyOrder("ok-host", ".state",
          "index.html", "index-15m.html", "index-1h.html", "index-24h.html", "index-7d.html");
    }
    String html = Files.readString(out.resolve("index.html"));
    assertThat(html).doesNotContain("aborted-host", "small-vm", "../../etc", "/etc/cron.d", "etc/cron")
        .doesNotContain("<img").contains("container &lt;script&gt;alert(1)&lt;/script&gt;");
    assertThat(html.split("<script", -1)).as("only the page's own script").hasSize(2);

    // the malformed records are in the dead-letter topic, byte for byte, with the error described
    List<ConsumerRecord<byte[], byte[]>> dead = kafka.readAll(t.dlq().name(), 3);
    assertThat(dead).hasSize(3);
    assertThat(dead).extracting(ConsumerRecord::value).as("copied byte for byte")
        .anySatisfy(v -> assertThat(v).isEqualTo(new byte[] {(byte) 0xde, (byte) 0xad, 0, '{'}));
    assertThat(dead).allSatisfy(r -> {
      assertThat(header(r, DeadLetterHeaders.EXCEPTION)).endsWith("SerializationException");
      assertThat(header(r, DeadLetterHeaders.MESSAGE)).isNotBlank();
      assertThat(header(r, DeadLetterHeaders.OFFSET)).matches("\\d+");
    });
    assertThat(dead).extracting(r -> header(r, DeadLetterHeaders.TOPIC))
        .as("two topics are read in no fixed order between them")
        .containsExactlyInAnyOrder(t.recommendations().name(), t.recommendations().name(), t.findings().name());
  }

  /** Sends {@code r} in a transaction that is then aborted: a read_committed consumer never sees it. */
  private void sendAborted(Topics t, Recommendation r) throws Exception {
    Properties p = new Properties();
    p.put("bootstrap.servers", kafka.bootstrap);
    p.put("transactional.id", kafka.prefix + "aborting");
    try (KafkaProducer<byte[], byte[]> tx = new KafkaProducer<>(p, new ByteArraySerializer(),
        new ByteArraySerializer())) {
      tx.initTransactions();
      tx.beginTransaction();
      tx.send(new ProducerRecord<>(t.recommendations().name(), r.host().getBytes(StandardCharsets.UTF_8),
          t.recommendations().valueSerde().serializer().serialize("t", r))).get();
      tx.abortTransaction();
    }
  }
}
