/**
 * The {@code ship} host agent: {@link io.conntrackadvisor.ingest.ShipAgent} wires what the settings switch on.
 *
 * <p>Data flow: the inputs of {@link io.conntrackadvisor.ingest.source}, one {@code Source} each on its own thread
 * ({@code JournaldSource}, {@code KmsgSource}, {@code FileTailSource}, {@code SyslogUdpSource},
 * {@code SyslogTcpSource} and the {@code ConntrackSampler}), turn what they read into records, each with the
 * checkpoint it completes, and queue them; every raw kernel line becomes a record in one place, {@code LineToRecord}
 * (size limit, UTF-8 repair, the kernel-only filter and their counters). {@link io.conntrackadvisor.ingest.delivery}
 * ships the queue exactly once: the bounded {@code Outbox} between the sources and Kafka, and the
 * {@code TransactionalShipper}, which commits each batch with its {@code Checkpoint}s in one transaction, so that a
 * source resumes exactly after what Kafka acknowledged; the checkpoints are read back at start
 * ({@code CheckpointLog}) and mirrored locally ({@code StateFile}).
 */
package io.conntrackadvisor.ingest;
