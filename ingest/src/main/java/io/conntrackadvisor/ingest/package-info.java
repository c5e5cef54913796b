/**
 * The {@code ship} host agent: {@link io.conntrackadvisor.ingest.ShipAgent} wires what the settings switch on.
 *
 * <p>Data flow: the inputs of {@link io.conntrackadvisor.ingest.source} (journald, {@code /dev/kmsg}, tailed files,
 * syslog over UDP and TCP, the conntrack sampler) turn what they read into records, each with the checkpoint it
 * completes, and queue them; {@link io.conntrackadvisor.ingest.delivery} ships the queue to Kafka in transactions
 * that carry the checkpoints too, so that a source resumes exactly after what Kafka acknowledged.
 */
package io.conntrackadvisor.ingest;
