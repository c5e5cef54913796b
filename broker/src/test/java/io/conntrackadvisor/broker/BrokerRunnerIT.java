package io.conntrackadvisor.broker;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.Node;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs {@link BrokerRunner} in its own JVM, as the {@code broker} command will, and stops it with SIGTERM. */
class BrokerRunnerIT {

    /** Exit status of a JVM that ran its shutdown hooks after SIGTERM (128 + 15). */
    private static final int SIGTERM_EXIT = 143;

    @TempDir
    Path dataDir;

    @TempDir
    Path logDir;

    @Test
    void shouldPrintTheAddressOnceReadyAndShutDownCleanlyOnSigterm() throws Exception {
        // Given the runner started in a child JVM on port 0; its output goes to files, which stay
        // readable after the child exits (a pipe read while the child exits can fail with "Stream closed")
        final Path stdout = logDir.resolve("broker-runner.stdout");
        final Path stderr = logDir.resolve("broker-runner.stderr");
        final Process process = new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"),
                BrokerRunnerLauncher.class.getName(), "0", dataDir.toString())
                .redirectOutput(stdout.toFile())
                .redirectError(stderr.toFile())
                .start();
        try {
            // When it reports ready
            final String readyLine = awaitFirstLine(stdout, process);

            // Then the line names a broker that clients can reach
            assertThat(readyLine).as("stderr: %s", stderr).matches("bootstrap\\.servers=127\\.0\\.0\\.1:[1-9][0-9]*");
            final String bootstrapServers = readyLine.substring(BrokerRunner.READY_LINE_PREFIX.length());
            try (Admin admin = TestClients.admin(bootstrapServers)) {
                assertThat(admin.describeCluster().nodes().get(TestClients.STEP_TIMEOUT.toSeconds(), TimeUnit.SECONDS))
                        .extracting(Node::id).containsExactly(BrokerSettings.NODE_ID);
            }

            // And SIGTERM shuts it down cleanly through the shutdown hook
            process.destroy();
            assertThat(process.waitFor(TestClients.STEP_TIMEOUT.toSeconds(), TimeUnit.SECONDS)).isTrue();
        } finally {
            process.destroyForcibly();
        }
        assertThat(process.exitValue()).isEqualTo(SIGTERM_EXIT);
        assertThat(Files.readAllLines(stdout, StandardCharsets.UTF_8)).as("stdout").hasSize(1);
        assertThat(dataDir.resolve(".kafka_cleanshutdown")).as("Kafka's clean-shutdown marker").exists();
        assertThat(Files.readString(stderr)).doesNotContain("ERROR");
    }

    private static String awaitFirstLine(final Path file, final Process process)
            throws IOException, InterruptedException {
        final long deadline = System.nanoTime() + TestClients.STEP_TIMEOUT.toNanos() * 2;
        while (System.nanoTime() < deadline && process.isAlive()) {
            final String content = Files.readString(file, StandardCharsets.UTF_8);
            if (content.contains("\n")) {
                return content.substring(0, content.indexOf('\n'));
            }
            Thread.sleep(50);
        }
        final List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        return lines.isEmpty() ? "" : lines.get(0);
    }
}
