package io.conntrackadvisor.sink;

import io.conntrackadvisor.model.Topics;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates the dead-letter topic when it is missing: without it a poison record would hold its partition until an
 * operator creates it. Input topics are left to their producers, who know their partition counts.
 */
final class DeadLetterTopic {
  private static final Logger LOG = LoggerFactory.getLogger(DeadLetterTopic.class);

  private DeadLetterTopic() {
  }

  /** Creates {@code topic} with the broker's default partitions and replicas; failures are only logged. */
  static void ensureExists(Properties clientProperties, Topics.Topic<?, ?> topic) {
    Admin admin = Admin.create(clientProperties);
    try {
      NewTopic t = new NewTopic(topic.name(), Optional.empty(), Optional.empty()).configs(Topics.configsFor(topic));
      admin.createTopics(List.of(t)).all().get(30, TimeUnit.SECONDS);
      LOG.info("created dead-letter topic {}", topic.name());
    } catch (ExecutionException e) {
      if (!(e.getCause() instanceof TopicExistsException)) {
        LOG.warn("could not create dead-letter topic {} (create it yourself): {}", topic.name(),
            String.valueOf(e.getCause()));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException | TimeoutException e) {
      LOG.warn("could not create dead-letter topic {} (create it yourself): {}", topic.name(), e.toString());
    } finally {
      admin.close(Duration.ofSeconds(5));
    }
  }
}
