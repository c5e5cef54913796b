package io.conntrackadvisor.streams;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Start-up against input topics that already exist, as a team's shippers created them. */
class InputTopicsIT {
  private final ItKit kit = new ItKit();

  @TempDir
  Path stateDir;

  @Test
  void shouldRefuseToStartWhenTheInputTopicsDifferInPartitionsNamingTopicsAndCounts() throws Exception {
    String messages = kit.topics.kernelMessages().name();
    String samples = kit.topics.conntrackSamples().name();
    try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kit.bootstrap))) {
      admin.createTopics(List.of(new NewTopic(messages, Optional.of(2), Optional.empty()),
          new NewTopic(samples, Optional.of(3), Optional.empty()))).all().get();
    }

    StreamsApp app = new StreamsApp(io.conntrackadvisor.model.config.Settings.of(kit.settings(stateDir, 6)));
    try {
      assertThatThrownBy(app::start).isInstanceOf(IllegalStateException.class)
          .hasMessageContaining(messages + " has 2 partitions and " + samples + " has 3 partitions");
      assertThat(app.streams()).isNull();
    } finally {
      app.close();
    }
  }
}
