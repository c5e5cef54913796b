package io.conntrackadvisor.streams;

import io.conntrackadvisor.model.Topics;
import io.conntrackadvisor.model.Topics.Topic;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
   * Ensures every topic exists and returns the partition count of the input topics.
   *
   * @throws IllegalStateException when the two input topics differ in partitions: a host's messages and samples
   *                               would then land in different tasks
   */
  static int ensure(Admin admin, Topics topics, int partitions, short replication)
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
    String messages = topics.kernelMessages().name();
    String samples = topics.conntrackSamples().name();
    Map<String, TopicDescription> d = describe(admin, List.of(messages, samples));
    int m = d.get(messages).partitions().size();
    int s = d.get(samples).partitions().size();
    if (m != s) {
      throw new IllegalStateException(messages + " has " + m + " partitions and " + samples + " has " + s
          + ": both must have the same count so that a host's messages and samples meet in one task");
    }
    return m;
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
