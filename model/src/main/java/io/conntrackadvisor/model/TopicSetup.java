package io.conntrackadvisor.model;

import io.conntrackadvisor.model.Topics.Topic;
import io.conntrackadvisor.model.ops.Backoff;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/**
 * The one place that creates and checks the pipeline's topics, each with the partitions and configs that
 * {@link Topics} gives it and the cluster layout given here. Creating is idempotent: topics that exist are left as
 * they are (several instances may start at once).
 */
public final class TopicSetup {
  private static final long TIMEOUT_SECONDS = 60;
  private static final Duration DESCRIBE_RETRY = Duration.ofMillis(50);
  private static final Duration DESCRIBE_RETRY_MAX = Duration.ofSeconds(1);

  /**
   * How the topics are laid out on a cluster.
   *
   * @param partitions  partitions of the topics keyed by host, or -1 for the broker's default
   * @param replication replication factor, or -1 for the broker's default
   * @param minInsync   {@code min.insync.replicas} of every topic, or -1 for the broker's default
   */
  public record Layout(int partitions, short replication, int minInsync) {
    /** The broker's defaults for everything. */
    public static final Layout BROKER_DEFAULTS = new Layout(-1, (short) -1, -1);
  }

  private TopicSetup() {
  }

  /**
   * Creates every topic of {@code topics} that does not exist yet, and returns once the broker shows them all.
   *
   * @throws KafkaException when a topic could not be created for another reason than that it exists
   */
  public static void create(Admin admin, Collection<Topic<?, ?>> topics, Layout layout) throws InterruptedException {
    List<NewTopic> wanted = topics.stream().map(t -> newTopic(t, layout)).toList();
    for (Map.Entry<String, org.apache.kafka.common.KafkaFuture<Void>> f : admin.createTopics(wanted).values()
        .entrySet()) {
      try {
        f.getValue().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
      } catch (ExecutionException e) {
        if (!(e.getCause() instanceof TopicExistsException)) {
          throw new KafkaException("cannot create topic " + f.getKey() + ": " + e.getCause(), e.getCause());
        }
      } catch (TimeoutException e) {
        throw new KafkaException("timed out creating topic " + f.getKey() + " (is the broker reachable?)", e);
      }
    }
    // The controller has the topics; the broker that answers next may not know them yet (KRaft applies metadata
    // asynchronously): created means that a describe finds them.
    List<String> names = wanted.stream().map(NewTopic::name).toList();
    try {
      partitions(admin, names);
    } catch (ExecutionException | TimeoutException e) {
      throw new KafkaException("created topics " + names + " but the broker does not show them: " + e, e);
    }
  }

  /** The topic as it is created: partitions by its kind and the layout, configs from {@link Topic#configs}. */
  static NewTopic newTopic(Topic<?, ?> t, Layout layout) {
    Optional<Integer> partitions = t.singlePartition() ? Optional.of(1)
        : layout.partitions() > 0 ? Optional.of(layout.partitions()) : Optional.empty();
    Optional<Short> replication = layout.replication() > 0 ? Optional.of(layout.replication()) : Optional.empty();
    Map<String, String> configs = new LinkedHashMap<>(t.configs());
    if (layout.minInsync() > 0) {
      configs.put("min.insync.replicas", Integer.toString(layout.minInsync()));
    }
    return new NewTopic(t.name(), partitions, replication).configs(configs);
  }

  /**
   * What differs between the topics on the cluster and {@code topics} laid out as {@code layout}, one line each
   * (empty when all is as it should be): missing topics, partition counts, replication, and configs.
   */
  public static List<String> check(Admin admin, Collection<Topic<?, ?>> topics, Layout layout)
      throws InterruptedException, ExecutionException, TimeoutException {
    List<String> problems = new ArrayList<>();
    List<String> names = topics.stream().map(Topic::name).toList();
    Map<String, TopicDescription> found = new LinkedHashMap<>();
    for (String name : names) {
      try {
        found.put(name, admin.describeTopics(List.of(name)).allTopicNames().get(TIMEOUT_SECONDS, TimeUnit.SECONDS)
            .get(name));
      } catch (ExecutionException e) {
        if (!(e.getCause() instanceof UnknownTopicOrPartitionException)) {
          throw e;
        }
        problems.add(name + ": missing");
      }
    }
    List<ConfigResource> resources = found.keySet().stream()
        .map(n -> new ConfigResource(ConfigResource.Type.TOPIC, n)).toList();
    Map<ConfigResource, Config> configs = admin.describeConfigs(resources).all()
        .get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    for (Topic<?, ?> t : topics) {
      TopicDescription d = found.get(t.name());
      if (d != null) {
        compare(newTopic(t, layout), d, configs.get(new ConfigResource(ConfigResource.Type.TOPIC, t.name())),
            problems);
      }
    }
    return problems;
  }

  private static void compare(NewTopic want, TopicDescription got, Config config, List<String> problems) {
    int partitions = got.partitions().size();
    if (want.numPartitions() > 0 && partitions != want.numPartitions()) {
      problems.add(want.name() + ": " + partitions + " partitions, expected " + want.numPartitions());
    }
    int replicas = got.partitions().get(0).replicas().size();
    if (want.replicationFactor() > 0 && replicas != want.replicationFactor()) {
      problems.add(want.name() + ": replication factor " + replicas + ", expected " + want.replicationFactor());
    }
    want.configs().forEach((k, v) -> {
      ConfigEntry e = config.get(k);
      if (e == null || !v.equals(e.value())) {
        problems.add(want.name() + ": " + k + "=" + (e == null ? "unset" : e.value()) + ", expected " + v);
      }
    });
  }

  /**
   * The partition count of each of {@code names}, retrying while the broker does not know a topic yet (one that
   * another instance has just created can be missing from this broker's metadata for a moment).
   */
  public static Map<String, Integer> partitions(Admin admin, List<String> names)
      throws InterruptedException, ExecutionException, TimeoutException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(TIMEOUT_SECONDS);
    int failures = 0;
    while (true) {
      try {
        Map<String, Integer> counts = new LinkedHashMap<>();
        admin.describeTopics(names).allTopicNames().get(TIMEOUT_SECONDS, TimeUnit.SECONDS)
            .forEach((n, d) -> counts.put(n, d.partitions().size()));
        return counts;
      } catch (ExecutionException e) {
        if (!(e.getCause() instanceof UnknownTopicOrPartitionException) || System.nanoTime() > deadline) {
          throw e;
        }
        Thread.sleep(Backoff.after(++failures, DESCRIBE_RETRY, DESCRIBE_RETRY_MAX).toMillis());
      }
    }
  }
}
