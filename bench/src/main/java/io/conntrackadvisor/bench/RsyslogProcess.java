package io.conntrackadvisor.bench;

import io.conntrackadvisor.broker.ShipperDaemon;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;

/**
 * The real rsyslogd (Debian {@code rsyslog} and {@code rsyslog-kafka}) in the foreground with its own configuration,
 * work folder and pid file: one input ({@code imfile}, {@code imudp} or {@code imtcp}) bound to a ruleset whose only
 * action is {@code omkafka} with acks=all and its default queue and template. Its topic is not transactional, so the
 * topic's end offset is the count of lines the broker acknowledged.
 */
final class RsyslogProcess implements Shipper {
  static final Path RSYSLOGD = Path.of("/usr/sbin/rsyslogd");
  static final Path OMKAFKA = Path.of("/usr/lib/x86_64-linux-gnu/rsyslog/omkafka.so");

  private final ShipperDaemon daemon;
  private final Admin admin;
  private final String topic;

  private RsyslogProcess(ShipperDaemon daemon, Admin admin, String topic) {
    this.daemon = daemon;
    this.admin = admin;
    this.topic = topic;
  }

  /** Whether rsyslogd and its omkafka module are installed. */
  static boolean installed() {
    return Files.isExecutable(RSYSLOGD) && Files.exists(OMKAFKA);
  }

  /**
   * Creates {@code topic} (one partition, as the agent's) and starts rsyslogd in {@code dir/name} with
   * {@code input}: module and input statements, the input bound to {@code ruleset="kafka"}.
   */
  static RsyslogProcess start(String bootstrap, Path dir, String name, String topic, String input)
      throws Exception {
    Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap));
    admin.createTopics(List.of(new NewTopic(topic, Optional.of(1), Optional.empty()))).all().get();
    Path work = Files.createDirectories(dir.resolve(name));
    Path conf = work.resolve("rsyslog.conf");
    Path internal = work.resolve("rsyslogd-internal.log");
    Files.writeString(conf, "global(workDirectory=\"" + work + "\")\n"
        + "module(load=\"omkafka\")\n"
        + input + "\n"
        + "ruleset(name=\"kafka\") {\n"
        + "  action(type=\"omkafka\" broker=[\"" + bootstrap + "\"] topic=\"" + topic + "\" confParam=[\"acks=all\"])\n"
        + "}\n"
        // rsyslogd's own messages (omkafka's and librdkafka's errors) to a file, not to the topic
        + "syslog.* action(type=\"omfile\" file=\"" + internal + "\")\n", StandardCharsets.UTF_8);
    ShipperDaemon daemon = ShipperDaemon.start(work, List.of(RSYSLOGD.toString(), "-n", "-f", conf.toString(), "-i",
        work.resolve("rsyslogd.pid").toString()), Map.of(), List.of(internal));
    return new RsyslogProcess(daemon, admin, topic);
  }

  @Override
  public ProcessHandle handle() {
    return daemon.handle();
  }

  @Override
  public long acknowledged() {
    try {
      TopicPartition p = new TopicPartition(topic, 0);
      return admin.listOffsets(Map.of(p, OffsetSpec.latest())).all().get().values().stream()
          .collect(Collectors.summingLong(o -> o.offset()));
    } catch (ExecutionException e) {
      throw new IllegalStateException("cannot read the end of " + topic, e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return 0;
    }
  }

  @Override
  public String topic() {
    return topic;
  }

  /** What rsyslogd printed and wrote about itself, for a failure message. */
  String output() throws java.io.IOException {
    return daemon.output();
  }

  @Override
  public void close() throws InterruptedException {
    try {
      daemon.close();
    } finally {
      admin.close();
    }
  }
}
