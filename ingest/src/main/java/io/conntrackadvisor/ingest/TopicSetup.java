package io.conntrackadvisor.ingest;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.TopicExistsException;

/** Creates the topics the agent writes when they are missing, with the broker's partition and replica defaults. */
final class TopicSetup {
  private TopicSetup() {
  }

  /**
   * Creates every topic of {@code configs} (name to topic configs) that does not exist yet.
   *
   * @throws KafkaException when a topic could not be created for another reason than that it exists
   */
  static void ensure(Admin admin, Map<String, Map<String, String>> configs) throws InterruptedException {
    List<NewTopic> topics = new ArrayList<>();
    configs.forEach((name, c) -> topics.add(new NewTopic(name, Optional.empty(), Optional.empty()).configs(c)));
    for (var f : admin.createTopics(topics).values().entrySet()) {
      try {
        f.getValue().get();
      } catch (ExecutionException e) {
        if (!(e.getCause() instanceof TopicExistsException)) {
          throw new KafkaException("could not create topic " + f.getKey() + ": " + e.getCause(), e.getCause());
        }
      }
    }
  }
}
