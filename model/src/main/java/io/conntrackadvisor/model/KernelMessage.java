package io.conntrackadvisor.model;

import java.time.Instant;
import java.util.Objects;

/**
 * One kernel (or syslog) message as it left a host: the unit on the {@code kernel-messages} topic.
 *
 * @param host       host the message came from (also the record key)
 * @param timestamp  when the host logged it (UTC)
 * @param bootId     journald boot id, when known
 * @param priority   syslog severity 0..7, when known
 * @param facility   syslog facility, when known
 * @param transport  how the host's logger received it: {@code kernel}, {@code syslog}, {@code stdout}, ...
 * @param source     which ingest source read it: {@code journald}, {@code syslog-file}, {@code syslog-udp},
 *                   {@code syslog-tcp}, {@code kmsg}, {@code file}
 * @param identifier syslog tag, e.g. {@code kernel}
 * @param message    the message text
 * @param cursor     the source's position of this message (journald cursor, kmsg sequence), when known
 */
public record KernelMessage(
    String host,
    Instant timestamp,
    String bootId,
    Integer priority,
    Integer facility,
    String transport,
    String source,
    String identifier,
    String message,
    String cursor) {

  public KernelMessage {
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(timestamp, "timestamp");
    Objects.requireNonNull(message, "message");
  }

  /** True when the kernel itself wrote the message (journald transport or syslog tag {@code kernel}). */
  public boolean fromKernel() {
    return "kernel".equals(transport != null ? transport : identifier);
  }
}
