package io.conntrackadvisor.streams;

import io.conntrackadvisor.model.Topics;
import io.conntrackadvisor.model.Topics.Topic;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/**
 * Creates the application's topics when they are missing, with the configs {@link Topics#configsFor} gives, and
 * leaves existing ones alone: running it twice, or from several instances at once, is harmless.
 */
final class TopicSetup {
  private static final long TIMEOUT_SECONDS = 60;

  private TopicSetup() {
  }

  /**
   * Ensures every topic of the application exists, checks that the input topics of log shippers it reads exist,
   * and returns the partition count of the input topics.
   *
   * @param inputs every input topic: the kernel-message topics and the samples topic
   * @throws IllegalStateException when an input topic is missing, or the input topics differ in partitions: a
   *                               host's messages and samples would then land in different tasks
   */
  static int ensure(Admin admin, Topics topics, List<String> inputs, int partitions, short replication)
      throws InterruptedException, ExecutionException, TimeoutException {
    List<NewTopic> wanted = new ArrayList<>();
    for (Topic<?, ?> t : topics.all()) {
      wanted.add(new NewTopic(t.name(), Optional.of(partitions), Optional.of(replication))
          .configs(Topics.configsFor(t)));
    }
    admin.createTopics(wanted).values().forEach((name, f) -> {
      try {
        f.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
      } catch (ExecutionException e) {
        if (!(e.getCause() instanceof TopicExistsException)) {
          throw new IllegalStateException("cannot create topic " + name + ": " + e.getCause(), e.getCause());
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while creating topic " + name, e);
      } catch (TimeoutException e) {
        throw new IllegalStateException("timed out creating topic " + name, e);
      }
    });
    Set<String> existing = admin.listTopics().names().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    Set<String> ours = new HashSet<>();
    topics.all().forEach(t -> ours.add(t.name()));
    for (String in : inputs) {
      if (!ours.contains(in) && !existing.contains(in)) {
        throw new IllegalStateException("input topic " + in + " does not exist: create it with as many partitions "
            + "as " + topics.conntrackSamples().name() + " (or start its shipper first), or fix --kernel-input");
      }
    }
    Map<String, TopicDescription> d = describe(admin, inputs);
    Map<String, Integer> counts = new LinkedHashMap<>();
    inputs.forEach(t -> counts.put(t, d.get(t).partitions().size()));
    if (new HashSet<>(counts.values()).size() > 1) {
      StringBuilder b = new StringBuilder();
      counts.forEach((t, n) -> b.append(b.length() == 0 ? "" : " and ").append(t).append(" has ").append(n)
          .append(n == 1 ? " partition" : " partitions"));
      throw new IllegalStateException(b + ": every input topic must have the same count so that a host's "
          + "messages and samples meet in one task (add partitions to the smaller ones with "
          + "kafka-topics.sh --alter --partitions N)");
    }
    return counts.get(inputs.get(0));
  }

  /**
   * Describes the topics, retrying while the broker answers that it does not know them yet: a topic another
   * instance has just created (TopicExistsException here) can still be missing from this broker's metadata for a
   * moment.
   */
  private static Map<String, TopicDescription> describe(Admin admin, List<String> names)
      throws InterruptedException, ExecutionException, TimeoutException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(TIMEOUT_SECONDS);
    long backoffMs = 50;
    while (true) {
      try {
        return admin.describeTopics(names).allTopicNames().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
      } catch (ExecutionException e) {
        if (!(e.getCause() instanceof UnknownTopicOrPartitionException) || System.nanoTime() > deadline) {
          throw e;
        }
        Thread.sleep(backoffMs);
        backoffMs = Math.min(1000, backoffMs * 2);
      }
    }
  }
}
