package io.conntrackadvisor.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BrokerSettingsTest {

    private static final Path DATA_DIR = Path.of("/var/lib/conntrack-advisor/kafka");

    @Test
    void shouldBindBothListenersToLoopbackAndAdvertiseTheBrokerPort() {
        final Map<String, String> props = BrokerSettings.build(9092, 9093, DATA_DIR, Map.of());

        assertThat(props).containsEntry("process.roles", "broker,controller")
                .containsEntry("node.id", "1")
                .containsEntry("listeners", "PLAINTEXT://127.0.0.1:9092,CONTROLLER://127.0.0.1:9093")
                .containsEntry("advertised.listeners", "PLAINTEXT://127.0.0.1:9092")
                .containsEntry("controller.quorum.voters", "1@127.0.0.1:9093")
                .containsEntry("log.dirs", DATA_DIR.toString());
    }

    @Test
    void shouldApplySingleNodeDefaultsThatOverridesReplace() {
        final Map<String, String> props = BrokerSettings.build(9092, 9093, DATA_DIR,
                Map.of("num.partitions", "3", "log.retention.hours", "1"));

        assertThat(props).containsEntry("offsets.topic.replication.factor", "1")
                .containsEntry("transaction.state.log.replication.factor", "1")
                .containsEntry("transaction.state.log.min.isr", "1")
                .containsEntry("min.insync.replicas", "1")
                .containsEntry("group.initial.rebalance.delay.ms", "0")
                .containsEntry("auto.create.topics.enable", "false")
                .containsEntry("num.partitions", "3")
                .containsEntry("log.retention.hours", "1");
    }

    @Test
    void shouldRejectOverridesOfListenersAndDirs() {
        assertThatThrownBy(() -> EmbeddedKafkaBroker.builder()
                .properties(Map.of("listeners", "PLAINTEXT://0.0.0.0:9092", "log.dirs", "/tmp/elsewhere"))
                .build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("[listeners, log.dirs]");
    }
}
