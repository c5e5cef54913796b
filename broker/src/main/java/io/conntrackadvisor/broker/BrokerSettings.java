package io.conntrackadvisor.broker;

import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Server properties of the single-node KRaft broker: the topology keys this module owns
 * (roles, listeners, log dir), defaults sized for one node on a small machine, and caller overrides.
 */
final class BrokerSettings {

    /** Address both listeners bind to and advertise; the broker is never reachable from other hosts. */
    static final String HOST = "127.0.0.1";
    /** Id of the one node, which is both broker and the only controller voter. */
    static final int NODE_ID = 1;
    /** Listener that clients and the broker's own inter-broker traffic use. */
    static final String BROKER_LISTENER = "PLAINTEXT";
    /** Listener of the KRaft controller quorum. */
    static final String CONTROLLER_LISTENER = "CONTROLLER";

    /** Keys derived from port and data dir; overriding them would break start, restart or readiness. */
    static final Set<String> MANAGED_KEYS = Set.of(
            "process.roles", "node.id", "broker.id", "listeners", "advertised.listeners",
            "listener.security.protocol.map", "controller.listener.names", "inter.broker.listener.name",
            "controller.quorum.voters", "controller.quorum.bootstrap.servers",
            "log.dirs", "log.dir", "metadata.log.dir");

    /** Single-node, small-machine defaults; any of them may be overridden. */
    static final Map<String, String> DEFAULTS = defaults();

    private BrokerSettings() {
    }

    private static Map<String, String> defaults() {
        final Map<String, String> d = new LinkedHashMap<>();
        // One replica everywhere, including the internal topics that back groups, transactions and share groups.
        d.put("num.partitions", "1");
        d.put("default.replication.factor", "1");
        d.put("min.insync.replicas", "1");
        d.put("offsets.topic.replication.factor", "1");
        d.put("transaction.state.log.replication.factor", "1");
        d.put("transaction.state.log.min.isr", "1");
        d.put("share.coordinator.state.topic.replication.factor", "1");
        d.put("share.coordinator.state.topic.min.isr", "1");
        // One partition per internal topic instead of 50: faster first use and faster reload after a restart.
        d.put("offsets.topic.num.partitions", "1");
        d.put("transaction.state.log.num.partitions", "1");
        d.put("share.coordinator.state.topic.num.partitions", "1");
        // Topics are created on purpose by the application, never by a typo in a client.
        d.put("auto.create.topics.enable", "false");
        // No waiting for more members to join a new group: there is one instance per group in tests.
        d.put("group.initial.rebalance.delay.ms", "0");
        // Small files and buffers: segments and indexes are preallocated per partition.
        d.put("log.segment.bytes", Integer.toString(16 * 1024 * 1024));
        d.put("offsets.topic.segment.bytes", Integer.toString(16 * 1024 * 1024));
        d.put("transaction.state.log.segment.bytes", Integer.toString(16 * 1024 * 1024));
        d.put("share.coordinator.state.topic.segment.bytes", Integer.toString(16 * 1024 * 1024));
        d.put("log.index.size.max.bytes", Integer.toString(1024 * 1024));
        d.put("log.cleaner.dedupe.buffer.size", Integer.toString(8 * 1024 * 1024));
        // Few threads: a 2-core machine also runs the clients and the Streams application.
        d.put("num.network.threads", "2");
        d.put("num.io.threads", "4");
        d.put("background.threads", "2");
        d.put("num.recovery.threads.per.data.dir", "1");
        d.put("group.coordinator.threads", "1");
        d.put("log.cleaner.threads", "1");
        return Collections.unmodifiableMap(d);
    }

    /** Throws if an override names a key this module derives from port and data dir. */
    static void validateOverrides(final Map<String, String> overrides) {
        final Set<String> clashes = new TreeSet<>(overrides.keySet());
        clashes.retainAll(MANAGED_KEYS);
        if (!clashes.isEmpty()) {
            throw new IllegalArgumentException("These broker properties are set from the port and data dir and"
                    + " cannot be overridden: " + clashes);
        }
    }

    /** The complete server properties for one start of the node. */
    static Map<String, String> build(final int brokerPort, final int controllerPort, final Path dataDir,
            final Map<String, String> overrides) {
        final Map<String, String> props = new LinkedHashMap<>(DEFAULTS);
        props.putAll(overrides);
        props.put("process.roles", "broker,controller");
        props.put("node.id", Integer.toString(NODE_ID));
        // A static voter set keeps the controller address out of the formatted metadata, so the
        // controller may bind a new free port on every start of the same data dir.
        props.put("controller.quorum.voters", NODE_ID + "@" + HOST + ":" + controllerPort);
        props.put("controller.listener.names", CONTROLLER_LISTENER);
        props.put("inter.broker.listener.name", BROKER_LISTENER);
        props.put("listeners", BROKER_LISTENER + "://" + HOST + ":" + brokerPort + ","
                + CONTROLLER_LISTENER + "://" + HOST + ":" + controllerPort);
        props.put("advertised.listeners", BROKER_LISTENER + "://" + HOST + ":" + brokerPort);
        props.put("listener.security.protocol.map",
                BROKER_LISTENER + ":PLAINTEXT," + CONTROLLER_LISTENER + ":PLAINTEXT");
        props.put("log.dirs", dataDir.toAbsolutePath().toString());
        return props;
    }
}
