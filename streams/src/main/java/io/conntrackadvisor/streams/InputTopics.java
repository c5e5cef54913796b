package io.conntrackadvisor.streams;

import io.conntrackadvisor.model.TopicSetup;
import io.conntrackadvisor.model.Topics;
import io.conntrackadvisor.model.Topics.Topic;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;

/**
 * What the application needs of its topics at start: its own created (by the one {@link TopicSetup}, with the
 * layout asked for), the input topics of log shippers it reads present, and every input topic with the same
 * partition count, so that a host's messages and samples meet in one task.
 */
final class InputTopics {
  private static final long TIMEOUT_SECONDS = 60;

  private InputTopics() {
  }

  /**
   * Creates the application's topics that are missing and returns the partition count of the input topics.
   *
   * @param inputs every input topic: the kernel-message topics and the samples topic
   * @throws IllegalStateException when an input topic is missing, or the input topics differ in partitions
   */
  static int ensure(Admin admin, Topics topics, List<String> inputs, TopicSetup.Layout layout)
      throws InterruptedException, ExecutionException, TimeoutException {
    TopicSetup.create(admin, topics.all(), layout);
    Set<String> existing = admin.listTopics().names().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    Set<String> ours = topics.all().stream().map(Topic::name).collect(Collectors.toSet());
    for (String in : inputs) {
      if (!ours.contains(in) && !existing.contains(in)) {
        throw new IllegalStateException("input topic " + in + " does not exist: create it with as many partitions "
            + "as " + topics.conntrackSamples().name() + " (or start its shipper first), or fix --kernel-input");
      }
    }
    Map<String, Integer> counts = TopicSetup.partitions(admin, inputs);
    if (new HashSet<>(counts.values()).size() > 1) {
      String each = inputs.stream()
          .map(t -> t + " has " + counts.get(t) + (counts.get(t) == 1 ? " partition" : " partitions"))
          .collect(Collectors.joining(" and "));
      throw new IllegalStateException(each + ": every input topic must have the same count so that a host's "
          + "messages and samples meet in one task (add partitions to the smaller ones with "
          + "kafka-topics.sh --alter --partitions N)");
    }
    return counts.get(inputs.get(0));
  }
}
