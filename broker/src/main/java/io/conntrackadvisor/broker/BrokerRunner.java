package io.conntrackadvisor.broker;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs an {@link EmbeddedKafkaBroker} in the foreground until the JVM is asked to stop: the body of a
 * {@code broker --port N --data-dir DIR} command. SIGTERM and SIGINT shut the broker down cleanly
 * through a shutdown hook; a fault Kafka calls fatal halts the process, as it does a standalone broker.
 */
public final class BrokerRunner {

    /** Prefix of the one line printed once clients can connect; scripts read the address from it. */
    public static final String READY_LINE_PREFIX = "bootstrap.servers=";

    private static final Logger LOG = LoggerFactory.getLogger(BrokerRunner.class);

    /**
     * Starts the broker, prints {@code bootstrap.servers=127.0.0.1:PORT} to {@code out} once clients can
     * connect, then blocks until a JVM shutdown hook has stopped it.
     *
     * @param port client port on 127.0.0.1, 0 for a free one
     * @param dataDir log dir, kept across runs; null for a temp dir deleted at exit
     * @param overrides broker properties replacing the single-node defaults
     * @param out where the ready line goes
     * @throws IllegalStateException if the broker did not start
     * @throws InterruptedException if the waiting thread is interrupted; the broker keeps running until JVM exit
     */
    public void run(final int port, final Path dataDir, final Map<String, String> overrides, final PrintStream out)
            throws InterruptedException {
        final EmbeddedKafkaBroker broker = build(port, dataDir, overrides);
        final CountDownLatch stopped = new CountDownLatch(1);
        final Thread hook = new Thread(() -> {
            try {
                broker.close();
            } finally {
                stopped.countDown();
            }
        }, "broker-runner-shutdown");
        // Installed before start, so that a SIGTERM during a slow start still shuts down cleanly.
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            broker.start();
        } catch (RuntimeException e) {
            removeHook(hook);
            broker.close();
            throw e;
        }
        out.println(READY_LINE_PREFIX + broker.bootstrapServers());
        out.flush();
        stopped.await();
    }

    private static EmbeddedKafkaBroker build(final int port, final Path dataDir, final Map<String, String> overrides) {
        final EmbeddedKafkaBroker.Builder builder = EmbeddedKafkaBroker.builder()
                .port(port)
                .properties(overrides)
                .haltOnFatalFault(true);
        if (dataDir != null) {
            builder.dataDir(dataDir);
        }
        return builder.build();
    }

    private static void removeHook(final Thread hook) {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // The JVM is already shutting down and runs the hook itself.
            LOG.debug("Shutdown in progress; hook stays", e);
        }
    }
}
