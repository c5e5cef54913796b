package io.conntrackadvisor.sink;

import io.conntrackadvisor.sink.dropin.DropInOutput;
import io.conntrackadvisor.sink.report.ReportOutput;
import static org.assertj.core.api.Assertions.assertThat;

import io.conntrackadvisor.model.ConntrackSample;
import io.conntrackadvisor.model.DeadLetterHeaders;
import io.conntrackadvisor.model.Recommendation;
import io.conntrackadvisor.model.SaturationFinding;
import io.conntrackadvisor.model.SaturationLevel;
import io.conntrackadvisor.model.Topics;
import io.conntrackadvisor.sink.RecordHandler.Outcome;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RecordHandlerTest {
  private static final Topics TOPICS = Topics.defaults();

  @TempDir
  Path out;
  private final SinkMetrics metrics = new SinkMetrics();
  private final ByteArrayOutputStream stdout = new ByteArrayOutputStream();
  private final MockProducer<byte[], byte[]> producer =
      new MockProducer<>(true, null, new ByteArraySerializer(), new ByteArraySerializer());
  private RecordHandler handler;

  @BeforeEach
  void setUp() throws Exception {
    OutputDirectory dir = new OutputDirectory(out.resolve("OUT"));
    HostMemory memory = new HostMemory();
    Outputs outputs = new Outputs(new DropInOutput(dir, metrics), new JsonLinesOutput(new PrintStream(stdout, true,
        StandardCharsets.UTF_8), metrics), new ReportOutput(dir, Duration.ofHours(24), true,
        Clock.fixed(TestData.T, ZoneOffset.UTC), metrics), null, null);
    handler = new RecordHandler(TOPICS, new RecommendationValidator(memory, 0.5, Clock.systemUTC()), memory, outputs,
        new DeadLetters(producer, TOPICS.dlq(), metrics), metrics);
  }

  private static ConsumerRecord<byte[], byte[]> record(String topic, long offset, byte[] value) {
    return new ConsumerRecord<>(topic, 0, offset, "k".getBytes(StandardCharsets.UTF_8), value);
  }

  private static ConsumerRecord<byte[], byte[]> recommendation(Recommendation r) {
    return record(TOPICS.recommendations().name(), 0, TOPICS.recommendations().valueSerde().serializer()
        .serialize("t", r));
  }

  private static String header(ProducerRecord<byte[], byte[]> r, String key) {
    Header h = r.headers().lastHeader(key);
    return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
  }

  @Test
  void shouldWriteAValidRecommendationToEveryOutput() throws Exception {
    assertThat(handler.handle(recommendation(TestData.raiseMax("lb-1", 262144)))).isEqualTo(Outcome.DONE);

    assertThat(out.resolve("OUT/lb-1").resolve(DropInOutput.SYSCTL_FILE)).exists();
    assertThat(stdout.toString(StandardCharsets.UTF_8)).startsWith("{\"type\":\"recommendation\",\"host\":\"lb-1\"");
    assertThat(metrics.consumed(TOPICS.recommendations().name())).isEqualTo(1);
  }

  @Test
  void shouldSendMalformedBytesToTheDeadLetterTopicWithHeadersDescribingTheError() {
    byte[] garbage = "{\"type\":\"recommendation\",\"host\":\"lb-1\",\u0000".getBytes(StandardCharsets.UTF_8);

    Outcome outcome = handler.handle(record(TOPICS.recommendations().name(), 42, garbage));

    assertThat(outcome).isEqualTo(Outcome.DONE);
    assertThat(producer.history()).hasSize(1);
    ProducerRecord<byte[], byte[]> dead = producer.history().get(0);
    assertThat(dead.topic()).isEqualTo(TOPICS.dlq().name());
    assertThat(dead.value()).isEqualTo(garbage);
    assertThat(header(dead, DeadLetterHeaders.TOPIC)).isEqualTo(TOPICS.recommendations().name());
    assertThat(header(dead, DeadLetterHeaders.OFFSET)).isEqualTo("42");
    assertThat(header(dead, DeadLetterHeaders.EXCEPTION)).endsWith("SerializationException");
    assertThat(header(dead, DeadLetterHeaders.MESSAGE)).contains("not a valid Recommendation");
    assertThat(metrics.rejected("malformed")).isEqualTo(1);
    assertThat(metrics.get(SinkMetrics.Counter.DEAD_LETTERS)).isEqualTo(1);
  }

  @Test
  void shouldRetryAPoisonRecordWhenTheDeadLetterTopicDoesNotTakeIt() {
    producer.sendException = new KafkaException("no metadata for conntrack-dlq");

    Outcome outcome = handler.handle(record(TOPICS.findings().name(), 0, new byte[] {(byte) 0xff}));

    assertThat(outcome).isEqualTo(Outcome.RETRY);
    assertThat(metrics.get(SinkMetrics.Counter.OUTPUT_FAILURES)).isEqualTo(1);
  }

  @Test
  void shouldRejectAFindingOrSampleWithAnUnsafeHostAndWriteNothing() throws Exception {
    SaturationFinding f = new SaturationFinding("../../etc", TestData.T, 1, 2, 0.5, SaturationLevel.OK, null);
    ConntrackSample s = ConntrackSample.of("/etc/passwd", TestData.T, 1, 2);

    assertThat(handler.handle(record(TOPICS.findings().name(), 0,
        TOPICS.findings().valueSerde().serializer().serialize("t", f)))).isEqualTo(Outcome.DONE);
    assertThat(handler.handle(record(TOPICS.conntrackSamples().name(), 0,
        TOPICS.conntrackSamples().valueSerde().serializer().serialize("t", s)))).isEqualTo(Outcome.DONE);

    assertThat(metrics.rejected("host_name")).isEqualTo(2);
    assertThat(stdout.size()).isZero();
    try (Stream<Path> all = Files.walk(out)) {
      assertThat(all.filter(Files::isRegularFile)).isEmpty();
    }
  }

  @Test
  void shouldIgnoreATombstone() {
    assertThat(handler.handle(record(TOPICS.recommendations().name(), 0, null))).isEqualTo(Outcome.DONE);
    assertThat(metrics.rejectedTotal()).isZero();
  }
}
