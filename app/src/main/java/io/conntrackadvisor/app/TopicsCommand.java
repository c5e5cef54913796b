package io.conntrackadvisor.app;

import io.conntrackadvisor.model.TopicSetup;
import io.conntrackadvisor.model.Topics;
import io.conntrackadvisor.model.config.CommandConfig;
import io.conntrackadvisor.model.config.Settings;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.config.ConfigDef;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code topics}: creates the pipeline's topics (or checks them with {@code --check}), each with the partitions and
 * configs of the topic registry, laid out for the cluster it finds: replication 3 and {@code min.insync.replicas} 2
 * on three brokers or more, 1 and 1 on a single broker, unless given.
 */
@Command(name = "topics", mixinStandardHelpOptions = true,
    description = {"Creates the topics of the pipeline that are missing, or with --check lists what differs."})
final class TopicsCommand implements Callable<Integer> {
  /** Partitions of the topics keyed by host (the same key as the streams command's). */
  static final String PARTITIONS = "topic.partitions";
  /** Replication factor; -1 picks min(3, brokers). */
  static final String REPLICATION = "topic.replication.factor";
  /** {@code min.insync.replicas}; -1 picks replication - 1 (at least 1). */
  static final String MIN_INSYNC = "topic.min.insync.replicas";
  /** Every key of the command. */
  static final ConfigDef CONFIG = CommandConfig.common(-1)
      .define(PARTITIONS, ConfigDef.Type.INT, 6, ConfigDef.Range.between(1, 10_000), ConfigDef.Importance.HIGH,
          "Partitions of the topics keyed by host: the most stream threads that can share the work.")
      .define(REPLICATION, ConfigDef.Type.SHORT, (short) -1, ConfigDef.Importance.HIGH,
          "Replication factor; -1 takes 3, or the number of brokers when there are fewer.")
      .define(MIN_INSYNC, ConfigDef.Type.INT, -1, ConfigDef.Importance.MEDIUM,
          "min.insync.replicas of every topic; -1 takes the replication factor less one, at least 1.");

  @Mixin
  CommonOptions common;

  @Spec
  CommandSpec spec;

  @Option(names = "--partitions", paramLabel = "N", description = "Partitions of the topics keyed by host (6).")
  Integer partitions;

  @Option(names = "--replication-factor", paramLabel = "N", description = "Replication factor (3, or brokers).")
  Short replication;

  @Option(names = "--min-insync-replicas", paramLabel = "N", description = "min.insync.replicas (replicas - 1).")
  Integer minInsync;

  @Option(names = "--check", description = "Change nothing: list what differs and exit 1 if anything does.")
  boolean check;

  @Override
  public Integer call() throws Exception {
    Map<String, String> own = new LinkedHashMap<>();
    CommonOptions.put(own, PARTITIONS, partitions);
    CommonOptions.put(own, REPLICATION, replication);
    CommonOptions.put(own, MIN_INSYNC, minInsync);
    CommandConfig c = CommandConfig.of(CONFIG, Settings.load(CONFIG, common.config, System.getenv(),
        common.flags(own)));
    Topics topics = Topics.withPrefix(c.getString(CommandConfig.TOPIC_PREFIX));
    PrintWriter out = spec.commandLine().getOut();
    try (Admin admin = Admin.create(c.kafkaProperties())) {
      TopicSetup.Layout layout = layout(c, admin.describeCluster().nodes().get(60, TimeUnit.SECONDS).size());
      if (!check) {
        TopicSetup.create(admin, topics.all(), layout);
      }
      List<String> problems = TopicSetup.check(admin, topics.all(), layout);
      problems.forEach(p -> out.println("differs: " + p));
      out.printf("%d topics, %d partitions keyed by host, replication %d, min.insync.replicas %d: %s%n",
          topics.all().size(), layout.partitions(), layout.replication(), layout.minInsync(),
          problems.isEmpty() ? "as they should be" : problems.size() + " difference(s)");
      return problems.isEmpty() ? 0 : 1;
    }
  }

  /** The layout the settings ask for on a cluster of {@code brokers}. */
  static TopicSetup.Layout layout(CommandConfig c, int brokers) {
    short replication = c.getShort(REPLICATION);
    if (replication < 1) {
      replication = (short) Math.max(1, Math.min(3, brokers));
    }
    int minInsync = c.getInt(MIN_INSYNC);
    if (minInsync < 1) {
      minInsync = Math.max(1, replication - 1);
    }
    return new TopicSetup.Layout(c.getInt(PARTITIONS), replication, minInsync);
  }
}
