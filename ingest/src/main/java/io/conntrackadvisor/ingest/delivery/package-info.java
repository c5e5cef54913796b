/**
 * Delivery, exactly once: the bounded {@code Outbox} between the sources and Kafka, the
 * {@code TransactionalShipper} that commits each batch with its {@code Checkpoint}s in one transaction, the
 * checkpoints read back at start ({@code CheckpointLog}) and mirrored locally ({@code StateFile}), and the Kafka
 * clients built from the settings ({@code KafkaClients}, {@code RecordFactory}).
 */
package io.conntrackadvisor.ingest.delivery;
