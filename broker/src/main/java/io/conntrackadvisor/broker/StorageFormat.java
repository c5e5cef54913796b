package io.conntrackadvisor.broker;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import kafka.server.KafkaConfig;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.metadata.properties.MetaPropertiesEnsemble;
import org.apache.kafka.metadata.storage.Formatter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Formats the broker's log dir the way {@code kafka-storage format} does, but only once: a dir
 * that already holds {@code meta.properties} keeps its cluster id and its data.
 */
final class StorageFormat {

    private static final Logger LOG = LoggerFactory.getLogger(StorageFormat.class);

    private StorageFormat() {
    }

    /** Returns the cluster id stored in the metadata log dir, formatting the dir first if it is empty. */
    static String ensureFormatted(final KafkaConfig config) throws Exception {
        final String dir = config.metadataLogDir();
        final Optional<String> existing = load(dir).clusterId();
        if (existing.isPresent()) {
            return existing.get();
        }
        final String clusterId = Uuid.randomUuid().toString();
        final ByteArrayOutputStream report = new ByteArrayOutputStream();
        try (PrintStream out = new PrintStream(report, true, StandardCharsets.UTF_8)) {
            new Formatter()
                    .setPrintStream(out)
                    .setNodeId(config.nodeId())
                    .setClusterId(clusterId)
                    .setUnstableFeatureVersionsEnabled(config.unstableFeatureVersionsEnabled())
                    .setControllerListenerName(config.controllerListenerNames().get(0))
                    .setMetadataLogDirectory(dir)
                    // Static controller.quorum.voters: kraft.version 0, no voter set in the bootstrap snapshot.
                    .setHasDynamicQuorum(false)
                    // Combined mode runs a controller, which reads its bootstrap metadata from this snapshot.
                    .setWriteBootstrapSnapshot(true)
                    .setDirectories(List.of(dir))
                    .run();
        }
        LOG.info("Formatted {} for new cluster {}", dir, clusterId);
        LOG.debug("Formatter output: {}", report.toString(StandardCharsets.UTF_8).trim());
        return clusterId;
    }

    private static MetaPropertiesEnsemble load(final String dir) throws IOException {
        return new MetaPropertiesEnsemble.Loader().addLogDirs(List.of(dir)).addMetadataLogDir(dir).load();
    }
}
