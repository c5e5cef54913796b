package io.conntrackadvisor.ingest.delivery;

import io.conntrackadvisor.ingest.source.FileIdentity;
import java.time.Instant;

/**
 * How far one source of one agent has been delivered: the value on the checkpoint topic (key
 * {@code <host>/<source id>}) and in the local mirror. Written in the same Kafka transaction as the records it
 * covers, so it never runs ahead of them and never lags behind them.
 *
 * @param source  the source id: {@code journald}, {@code syslog-file:<path>}, {@code syslog-udp}, ...
 * @param seq     the agent's transaction number that wrote it; tells after a failure whether a transaction committed
 * @param cursor  journald: the cursor of the last shipped entry; kmsg: {@code <boot id>:<sequence number>}
 * @param path    file: the tailed path
 * @param device  file: device number of the file the offset belongs to
 * @param inode   file: inode of the file the offset belongs to
 * @param offset  file: byte offset just after the last shipped line
 * @param updated when the source read the last record it covers
 */
public record Checkpoint(String source, long seq, String cursor, String path, Long device, Long inode, Long offset,
    Instant updated) {

  /** A checkpoint that only records progress (sources that cannot be replayed: receivers, sampler). */
  public static Checkpoint progress(String source, Instant updated) {
    return new Checkpoint(source, 0, null, null, null, null, null, updated);
  }

  /** A journald checkpoint. */
  public static Checkpoint journal(String source, String cursor, Instant updated) {
    return new Checkpoint(source, 0, cursor, null, null, null, null, updated);
  }

  /** A kmsg checkpoint: the boot and sequence number of the last shipped record. */
  public static Checkpoint kmsg(String source, String bootId, long seq, Instant updated) {
    return new Checkpoint(source, 0, bootId + ":" + seq, null, null, null, null, updated);
  }

  /** A file checkpoint. */
  public static Checkpoint file(String source, String path, FileIdentity id, long offset, Instant updated) {
    return new Checkpoint(source, 0, null, path, id.device(), id.inode(), offset, updated);
  }

  /** This checkpoint as written by transaction {@code n}. */
  public Checkpoint withSeq(long n) {
    return new Checkpoint(source, n, cursor, path, device, inode, offset, updated);
  }

  /** The file identity, when this is a file checkpoint. */
  public FileIdentity fileIdentity() {
    return device == null || inode == null ? null : new FileIdentity(device, inode);
  }
}
