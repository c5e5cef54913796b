package io.conntrackadvisor.broker;

import java.util.concurrent.CompletableFuture;
import kafka.server.BrokerServer;
import kafka.server.ControllerServer;
import kafka.server.FaultHandlerFactory;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.server.Server;
import kafka.server.SharedServer;
import org.apache.kafka.common.metrics.Metrics;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.bootstrap.BootstrapMetadata;
import org.apache.kafka.metadata.properties.MetaPropertiesEnsemble;
import org.apache.kafka.raft.QuorumConfig;
import org.apache.kafka.server.ServerSocketFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import scala.Tuple2;

/**
 * One running Kafka node in KRaft combined mode (controller and broker in one process).
 *
 * <p>Assembled exactly as {@code kafka.server.KafkaRaftServer} assembles it, which is what
 * {@code kafka-server-start.sh} runs, except that the listening sockets and the fault handlers
 * are ours: {@code KafkaRaftServer} hard-wires both.
 */
final class KRaftNode {

    private static final Logger LOG = LoggerFactory.getLogger(KRaftNode.class);

    private final ControllerServer controller;
    private final BrokerServer broker;

    private KRaftNode(final ControllerServer controller, final BrokerServer broker) {
        this.controller = controller;
        this.broker = broker;
    }

    /**
     * Starts controller then broker on a formatted log dir; returns once the broker is registered,
     * caught up with the metadata log and unfenced, or throws after shutting down what it started.
     */
    static KRaftNode start(final KafkaConfig config, final ServerSocketFactory sockets,
            final FaultHandlerFactory faults) {
        final Tuple2<MetaPropertiesEnsemble, BootstrapMetadata> dirs =
                KafkaRaftServer.initializeLogDirs(config, LOG, "[KRaftNode nodeId=" + config.nodeId() + "] ");
        final MetaPropertiesEnsemble metaProps = dirs._1();
        final Metrics metrics = Server.initializeMetrics(config, Time.SYSTEM, metaProps.clusterId().get());
        final SharedServer shared = new SharedServer(config, metaProps, Time.SYSTEM, metrics,
                CompletableFuture.completedFuture(QuorumConfig.parseVoterConnections(config.quorumConfig().voters())),
                QuorumConfig.parseBootstrapServers(config.quorumConfig().bootstrapServers()),
                faults, sockets);
        final KRaftNode node = new KRaftNode(
                new ControllerServer(shared, KafkaRaftServer.configSchema(), dirs._2()),
                new BrokerServer(shared));
        try {
            node.controller.startup();
            node.broker.startup();
        } catch (Throwable e) {
            // Scala code may throw checked exceptions undeclared; precise rethrow passes them on as they are.
            node.shutdown();
            throw e;
        }
        return node;
    }

    /** Stops broker then controller, as {@code KafkaRaftServer} does, and waits until both are down. */
    void shutdown() {
        // Each server tolerates a shutdown after a failed or missing startup.
        broker.shutdown();
        controller.shutdown();
        broker.awaitShutdown();
        controller.awaitShutdown();
    }
}
