package io.conntrackadvisor.broker;

import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.common.Node;

/** Waits until a client can connect to the broker and sees it in the cluster metadata. */
final class ReadinessProbe {

    /** Pause between two describeCluster attempts that reached the broker but did not list it yet. */
    static final Duration RETRY_BACKOFF = Duration.ofMillis(100);

    private ReadinessProbe() {
    }

    /** Blocks until {@code describeCluster} on {@code bootstrapServers} lists {@code nodeId}. */
    static void await(final String bootstrapServers, final int nodeId, final Duration timeout)
            throws InterruptedException, TimeoutException {
        final long deadline = System.nanoTime() + timeout.toNanos();
        final Map<String, Object> props = Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                AdminClientConfig.CLIENT_ID_CONFIG, "embedded-broker-readiness",
                AdminClientConfig.RETRY_BACKOFF_MS_CONFIG, 50,
                AdminClientConfig.RECONNECT_BACKOFF_MS_CONFIG, 50,
                AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 200);
        Throwable lastFailure = null;
        try (Admin admin = Admin.create(props)) {
            while (true) {
                final long remainingMs = Duration.ofNanos(deadline - System.nanoTime()).toMillis();
                if (remainingMs <= 0) {
                    final TimeoutException timedOut = new TimeoutException("Broker at " + bootstrapServers
                            + " did not become ready within " + timeout.toMillis() + " ms");
                    if (lastFailure != null) {
                        timedOut.initCause(lastFailure);
                    }
                    throw timedOut;
                }
                try {
                    final Collection<Node> nodes = admin.describeCluster(
                            new DescribeClusterOptions().timeoutMs((int) Math.min(remainingMs, Integer.MAX_VALUE)))
                            .nodes().get();
                    if (nodes.stream().anyMatch(n -> n.id() == nodeId)) {
                        return;
                    }
                } catch (ExecutionException e) {
                    lastFailure = e.getCause();
                }
                Thread.sleep(RETRY_BACKOFF.toMillis());
            }
        }
    }
}
