package io.conntrackadvisor.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.conntrackadvisor.broker.EmbeddedKafkaBroker;
import io.conntrackadvisor.model.Topics;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The topics command against a real broker: creates every topic as the registry lays it out, then checks them. */
class TopicsCommandIT {
  private final String bootstrap = EmbeddedKafkaBroker.shared().bootstrapServers();
  private final String prefix = "topics-" + UUID.randomUUID().toString().substring(0, 8) + ".";
  private final StringWriter out = new StringWriter();

  private int run(String... args) {
    CommandLine cl = Main.commandLine();
    cl.setOut(new PrintWriter(out, true));
    return cl.execute(args);
  }

  @Test
  void shouldCreateEveryTopicForTheSingleBrokerAndFindThemAsTheyShouldBeThenReportADifference() throws Exception {
    Topics topics = Topics.withPrefix(prefix);

    // When the topics are created on the single embedded broker, then checked
    int created = run("topics", "--bootstrap-servers", bootstrap, "--topic-prefix", prefix, "--partitions", "3");
    int checked = run("topics", "--check", "--bootstrap-servers", bootstrap, "--topic-prefix", prefix,
        "--partitions", "3");

    // Then all six exist with the registry's layout, replication 1 and min.insync.replicas 1 for one broker
    assertThat(created).as(out.toString()).isZero();
    assertThat(checked).as(out.toString()).isZero();
    assertThat(out.toString()).contains("6 topics, 3 partitions keyed by host, replication 1, min.insync.replicas 1: "
        + "as they should be");
    try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
      Map<String, TopicDescription> d = admin.describeTopics(topics.all().stream().map(Topics.Topic::name).toList())
          .allTopicNames().get(30, TimeUnit.SECONDS);
      assertThat(d.get(topics.kernelMessages().name()).partitions()).hasSize(3);
      assertThat(d.get(topics.dlq().name()).partitions()).hasSize(1);
      ConfigResource recs = new ConfigResource(ConfigResource.Type.TOPIC, topics.recommendations().name());
      assertThat(admin.describeConfigs(List.of(recs)).all().get(30, TimeUnit.SECONDS).get(recs)
          .get("cleanup.policy").value()).isEqualTo("compact");

      // When someone changes a topic's retention, the check names it and fails
      ConfigResource samples = new ConfigResource(ConfigResource.Type.TOPIC, topics.conntrackSamples().name());
      admin.incrementalAlterConfigs(Map.of(samples, List.of(new AlterConfigOp(new ConfigEntry("retention.ms",
          "3600000"), AlterConfigOp.OpType.SET)))).all().get(30, TimeUnit.SECONDS);
      // the controller took the change; the broker applies it to what it describes a moment later (KRaft)
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (!"3600000".equals(admin.describeConfigs(List.of(samples)).all().get(30, TimeUnit.SECONDS).get(samples)
          .get("retention.ms").value()) && System.nanoTime() < deadline) {
        Thread.sleep(50);
      }
    }
    int again = run("topics", "--check", "--bootstrap-servers", bootstrap, "--topic-prefix", prefix,
        "--partitions", "3");
    assertThat(again).isEqualTo(1);
    assertThat(out.toString()).contains("differs: " + topics.conntrackSamples().name()
        + ": retention.ms=3600000, expected 604800000");
  }
}
