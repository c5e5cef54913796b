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
 * The real syslog-ng (Debian {@code syslog-ng-core} and {@code syslog-ng-mod-rdkafka}) in the foreground with its
 * own configuration, persist file, pid file and control socket: a {@code file()} source reads a kernel log file and
 * the README's {@code kafka-c} destination, pasted as written, writes it to a topic of the embedded broker with its
 * default message ({@code $ISODATE $HOST $MSGHDR$MSG}), no key and librdkafka's default partitioner; {@code streams}
 * reading it as {@code syslog} finds and recommends what {@code analyze} does for the file.
 *
 * <p>syslog-ng-core conflicts with rsyslog in Debian, so {@code bin/test} unpacks it and its libraries into
 * {@code $CONNTRACK_ADVISOR_SYSLOG_NG_ROOT} (default {@code ~/.cache/conntrack-advisor/syslog-ng}) instead of
 * installing it; a syslog-ng installed in {@code /usr/sbin} is used when there is one.
 */
@Execution(ExecutionMode.CONCURRENT) // its own topics and application (and daemon); mostly waiting for bursts
class SyslogNgIT {
  private final ItKit kit = new ItKit();

  @TempDir
  Path work;

  @Test
  void shouldTurnTheReadmesKafkaDestinationIntoTheAnalyzersFindings() throws Exception {
    Path root = root();
    Path binary = root.resolve("usr/sbin/syslog-ng");
    assumeTrue(Files.isExecutable(binary), "syslog-ng is not installed nor unpacked in " + root
        + " (bin/test unpacks syslog-ng-core and syslog-ng-mod-rdkafka there)");
    Path modules;
    try (var dirs = Files.list(root.resolve("usr/lib/syslog-ng"))) {
      modules = dirs.filter(d -> d.getFileName().toString().matches("\\d+\\.\\d+")).findFirst().orElseThrow();
    }
    String topic = kit.id + ".syslog-ng";
    Path kernLog = ShipperChecks.kernelLog(work);
    ShipperChecks.createTopic(kit, topic, 2);
    String snippet = ItKit.docBlock("shippers.md", "<!-- syslog-ng snippet, tested by SyslogNgIT -->")
        .replace(RsyslogIT.README_BROKER, kit.bootstrap)
        .replace("topic(\"" + RsyslogIT.README_TOPIC + "\")", "topic(\"" + topic + "\")");
    Path conf = work.resolve("syslog-ng.conf");
    Files.writeString(conf, "@version: " + modules.getFileName() + "\n"
        + "options { keep-hostname(yes); };\n"
        + "source s_src { file(\"" + kernLog + "\" flags(syslog-protocol) follow-freq(1)); };\n"
        + snippet, StandardCharsets.UTF_8);
    String libs = root.resolve("usr/lib/x86_64-linux-gnu") + ":" + root.resolve("lib/x86_64-linux-gnu") + ":"
        + root.resolve("usr/lib/syslog-ng");
    try (ShipperDaemon syslogNg = ShipperDaemon.start(work, List.of(binary.toString(), "-F", "-f", conf.toString(),
        "--module-path=" + modules, "--persist-file=" + work.resolve("syslog-ng.persist"),
        "--pidfile=" + work.resolve("syslog-ng.pid"), "--control=" + work.resolve("syslog-ng.ctl"), "--no-caps"),
        root.equals(Path.of("/")) ? Map.of() : Map.of("LD_LIBRARY_PATH", libs))) {
      AppCounters counters = ShipperChecks.streamsMatchesAnalyze(kit, work.resolve("state"), topic, "syslog",
          kernLog, syslogNg);
      assertThat(syslogNg.alive()).as("syslog-ng still runs: " + syslogNg.output()).isTrue();
      assertThat(counters.get(AppCounters.Counter.DEAD_LETTERED)).isZero();
    }
  }

  /** Where syslog-ng is: installed ({@code /}), or unpacked by {@code bin/test}. */
  static Path root() {
    if (Files.isExecutable(Path.of("/usr/sbin/syslog-ng"))) {
      return Path.of("/");
    }
    String env = System.getenv("CONNTRACK_ADVISOR_SYSLOG_NG_ROOT");
    if (env != null && !env.isBlank()) {
      return Path.of(env);
    }
    String cache = System.getenv("XDG_CACHE_HOME");
    return (cache != null ? Path.of(cache) : Path.of(System.getProperty("user.home"), ".cache"))
        .resolve("conntrack-advisor/syslog-ng");
  }
}
