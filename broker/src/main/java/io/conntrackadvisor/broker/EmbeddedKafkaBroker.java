package io.conntrackadvisor.broker;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import kafka.server.KafkaConfig;
import org.apache.kafka.common.utils.Utils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real Apache Kafka broker in KRaft combined mode (one node that is broker and controller),
 * listening on 127.0.0.1 only, for the demo, integration tests and users without a cluster.
 *
 * <p>It can be stopped and started again on the same data dir and port to simulate an outage:
 * the dir is formatted once and keeps its cluster id, topics, records, offsets and transactions.
 * Use {@link #shared()} in integration tests of other modules; use {@link #builder()} for a broker
 * of your own, and close it.
 */
public final class EmbeddedKafkaBroker implements AutoCloseable {

    /** How long {@link #start()} waits for clients to be able to connect. */
    private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(60);

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedKafkaBroker.class);
    private static final String TEMP_DIR_PREFIX = "conntrack-advisor-kafka-";

    private static EmbeddedKafkaBroker shared;

    private final Map<String, String> overrides;
    private final boolean deleteDataDirOnClose;
    private final boolean isShared;
    private final CountingFaultHandlerFactory faults;

    private Path dataDir;
    private int port;
    private String clusterId;
    private KRaftNode node;
    private boolean closed;

    private EmbeddedKafkaBroker(final Builder builder, final boolean isShared) {
        this.overrides = Map.copyOf(builder.overrides);
        this.dataDir = builder.dataDir;
        this.deleteDataDirOnClose = builder.dataDir == null;
        this.port = builder.port;
        this.isShared = isShared;
        this.faults = new CountingFaultHandlerFactory(builder.haltOnFatalFault);
    }

    /** A builder for a broker on a free port and a temp dir, with the single-node defaults. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * The one broker of this JVM for integration tests, started on first use (free port, temp dir)
     * and closed by a shutdown hook. {@link #close()} on it does nothing, so that one test cannot
     * take it from the others; {@link #stop()} and {@link #start()} do work.
     */
    public static synchronized EmbeddedKafkaBroker shared() {
        if (shared == null) {
            final EmbeddedKafkaBroker broker = new EmbeddedKafkaBroker(new Builder(), true);
            broker.start();
            Runtime.getRuntime().addShutdownHook(
                    new Thread(broker::shutDownAndClean, "embedded-kafka-shared-shutdown"));
            shared = broker;
        }
        return shared;
    }

    /**
     * Starts the node, or does nothing if it runs; blocks until a client can connect and
     * {@code describeCluster} lists the broker. On the first start a port of 0 becomes a real free
     * port, which later starts reuse. A data dir without {@code meta.properties} is formatted first.
     *
     * @throws IllegalStateException if the broker was closed, the port is taken, or it did not start
     */
    public synchronized EmbeddedKafkaBroker start() {
        if (closed) {
            throw new IllegalStateException("Broker was closed; build a new one on the same data dir and port");
        }
        if (node != null) {
            return this;
        }
        final long startNanos = System.nanoTime();
        try (PreboundSockets sockets = new PreboundSockets()) {
            prepareDataDir();
            final int brokerPort = sockets.bind(BrokerSettings.BROKER_LISTENER, BrokerSettings.HOST, port);
            final int controllerPort = sockets.bind(BrokerSettings.CONTROLLER_LISTENER, BrokerSettings.HOST, 0);
            final KafkaConfig config = new KafkaConfig(
                    BrokerSettings.build(brokerPort, controllerPort, dataDir, overrides), false);
            clusterId = StorageFormat.ensureFormatted(config);
            port = brokerPort;
            node = KRaftNode.start(config, sockets, faults);
            ReadinessProbe.await(bootstrapServers(), BrokerSettings.NODE_ID,
                    STARTUP_TIMEOUT.minusNanos(System.nanoTime() - startNanos));
        } catch (Throwable e) {
            stopNode();
            if (e instanceof Error) {
                throw (Error) e;
            }
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            throw new IllegalStateException("Kafka broker on " + BrokerSettings.HOST + ":" + port + " with data dir "
                    + dataDir + " did not start: " + e, e);
        }
        LOG.info("Kafka broker ready at {} (cluster {}, data dir {}) in {} ms", bootstrapServers(), clusterId, dataDir,
                Duration.ofNanos(System.nanoTime() - startNanos).toMillis());
        return this;
    }

    /** Shuts the node down cleanly and keeps its data dir and port, so that {@link #start()} can resume it. */
    public synchronized void stop() {
        if (node != null) {
            final long startNanos = System.nanoTime();
            stopNode();
            LOG.info("Kafka broker at {} stopped in {} ms", bootstrapServers(),
                    Duration.ofNanos(System.nanoTime() - startNanos).toMillis());
        }
    }

    /** Stops the broker and deletes its data dir if it was a temp dir; the shared broker ignores this. */
    @Override
    public void close() {
        if (isShared) {
            LOG.debug("close() on the shared broker ignored; a shutdown hook closes it");
            return;
        }
        shutDownAndClean();
    }

    /** {@code 127.0.0.1:PORT}, valid once the port is known: after the first start, or when configured. */
    public synchronized String bootstrapServers() {
        return BrokerSettings.HOST + ":" + port();
    }

    /** The broker's client port; after the first start it is the real port even if 0 was asked for. */
    public synchronized int port() {
        return requireKnown(port == 0 ? null : port, "Port not chosen yet");
    }

    /** The Kafka log dir (and KRaft metadata dir); a temp dir is chosen on the first start when none was given. */
    public synchronized Path dataDir() {
        return requireKnown(dataDir, "Temp data dir not created yet");
    }

    /** The cluster id stored in the data dir; known after the first start. */
    public synchronized String clusterId() {
        return requireKnown(clusterId, "Cluster id not known yet");
    }

    /** True between a successful {@link #start()} and the next {@link #stop()} or {@link #close()}. */
    public synchronized boolean isRunning() {
        return node != null;
    }

    /** Faults the Kafka node reported (errors it logged and survived, or fatal ones) since this broker was built. */
    public long faultCount() {
        return faults.faults();
    }

    private synchronized void shutDownAndClean() {
        if (closed) {
            return;
        }
        closed = true;
        stop();
        if (deleteDataDirOnClose && dataDir != null) {
            try {
                Utils.delete(dataDir.toFile());
            } catch (IOException e) {
                LOG.warn("Could not delete temp data dir {}", dataDir, e);
            }
        }
    }

    private static <T> T requireKnown(final T value, final String whatIsMissing) {
        if (value == null) {
            throw new IllegalStateException(whatIsMissing + ": start the broker first");
        }
        return value;
    }

    private void prepareDataDir() throws IOException {
        if (dataDir == null) {
            dataDir = Files.createTempDirectory(TEMP_DIR_PREFIX);
        } else {
            Files.createDirectories(dataDir);
        }
    }

    private void stopNode() {
        if (node != null) {
            try {
                node.shutdown();
            } finally {
                node = null;
            }
        }
    }

    /** Options of an {@link EmbeddedKafkaBroker}; every one has a default. */
    public static final class Builder {
        private int port;
        private Path dataDir;
        private final Map<String, String> overrides = new LinkedHashMap<>();
        private boolean haltOnFatalFault;

        private Builder() {
        }

        /** Client port on 127.0.0.1; 0 (the default) picks a free port on the first start. */
        public Builder port(final int port) {
            if (port < 0 || port > 65_535) {
                throw new IllegalArgumentException("Port out of range: " + port);
            }
            this.port = port;
            return this;
        }

        /** Log dir; formatted on first use and kept on close. Default: a new temp dir deleted on close. */
        public Builder dataDir(final Path dataDir) {
            this.dataDir = Objects.requireNonNull(dataDir, "dataDir");
            return this;
        }

        /** Broker properties that replace single-node defaults or add settings; listeners and dirs are not allowed. */
        public Builder properties(final Map<String, String> properties) {
            properties.forEach((key, value) -> overrides.put(Objects.requireNonNull(key, "key"),
                    Objects.requireNonNull(value, "value")));
            return this;
        }

        /**
         * Halt the JVM on a fault Kafka calls fatal, as a standalone Kafka process does. Off by default,
         * so that an embedded broker never kills the JVM of the tests or application hosting it.
         */
        public Builder haltOnFatalFault(final boolean haltOnFatalFault) {
            this.haltOnFatalFault = haltOnFatalFault;
            return this;
        }

        /** A broker with these options, not started yet. */
        public EmbeddedKafkaBroker build() {
            BrokerSettings.validateOverrides(overrides);
            return new EmbeddedKafkaBroker(this, false);
        }
    }
}
