package io.conntrackadvisor.streams;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.conntrackadvisor.broker.ShipperDaemon;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

/**
 * The real rsyslogd (Debian {@code rsyslog} and {@code rsyslog-kafka}, installed by {@code bin/test}) in the
 * foreground with its own configuration, work folder and pid file: {@code imfile} reads a kernel log file and
 * {@code omkafka} writes it to a topic of the embedded broker without a key, with its default partitioning, once
 * with omkafka's default template (read as {@code syslog}) and once with the README's snippet pasted as written
 * (read as {@code rsyslog-json}); {@code streams} then finds and recommends what {@code analyze} does for the file.
 */
@Execution(ExecutionMode.CONCURRENT) // its own topics and application (and daemon); mostly waiting for bursts
class RsyslogIT {
  static final Path RSYSLOGD = Path.of("/usr/sbin/rsyslogd");
  static final Path OMKAFKA = Path.of("/usr/lib/x86_64-linux-gnu/rsyslog/omkafka.so");
  /** The README's broker and topic, which whoever pastes the snippet replaces with theirs. */
  static final String README_BROKER = "kafka-1:9092";
  static final String README_TOPIC = "kernel-logs";

  private final ItKit kit = new ItKit();

  @TempDir
  Path work;

  @Test
  void shouldTurnOmkafkasDefaultTemplateIntoTheAnalyzersFindings() throws Exception {
    String topic = kit.id + ".rsyslog";
    String action = "action(type=\"omkafka\" broker=[\"" + kit.bootstrap + "\"] topic=\"" + topic
        + "\" resubmitOnFailure=\"on\")\n";
    run(topic, "syslog", "module(load=\"omkafka\")\n" + action);
  }

  @Test
  void shouldTurnTheReadmesJsonTemplateIntoTheAnalyzersFindings() throws Exception {
    String topic = kit.id + ".rsyslog-json";
    String snippet = ItKit.docBlock("shippers.md", "<!-- rsyslog snippet, tested by RsyslogIT -->");
    assertThat(snippet).contains(README_BROKER, "topic=\"" + README_TOPIC + "\"");
    run(topic, "rsyslog-json", snippet.replace(README_BROKER, kit.bootstrap)
        .replace("topic=\"" + README_TOPIC + "\"", "topic=\"" + topic + "\""));
  }

  private void run(String topic, String format, String output) throws Exception {
    assumeTrue(Files.isExecutable(RSYSLOGD) && Files.exists(OMKAFKA),
        "rsyslog and rsyslog-kafka are not installed (apt-get install rsyslog rsyslog-kafka; bin/test does)");
    Path kernLog = ShipperChecks.kernelLog(work);
    ShipperChecks.createTopic(kit, topic, 2);
    Path conf = work.resolve("rsyslog.conf");
    Path internal = work.resolve("rsyslogd-internal.log");
    // imfile hands each line to the parsers (needParse), so the time, host and tag are the line's own; the file is
    // the kernel's log, so its facility is kern
    Files.writeString(conf, "global(workDirectory=\"" + work + "\")\n"
        + "module(load=\"imfile\")\n"
        + "input(type=\"imfile\" file=\"" + kernLog + "\" tag=\"kernel:\" facility=\"kern\" needParse=\"on\")\n"
        + output
        // rsyslogd's own messages (its errors, omkafka's and librdkafka's) to a file a failure shows
        + "syslog.* action(type=\"omfile\" file=\"" + internal + "\")\n", StandardCharsets.UTF_8);
    try (ShipperDaemon rsyslog = ShipperDaemon.start(work, List.of(RSYSLOGD.toString(), "-n", "-f", conf.toString(),
        "-i", work.resolve("rsyslogd.pid").toString()), Map.of(), List.of(internal))) {
      AppCounters counters = ShipperChecks.streamsMatchesAnalyze(kit, work.resolve("state"), topic, format, kernLog,
          rsyslog);
      assertThat(rsyslog.alive()).as("rsyslogd still runs: " + rsyslog.output()).isTrue();
      assertThat(counters.get(AppCounters.Counter.DEAD_LETTERED)).isZero();
    }
  }
}
