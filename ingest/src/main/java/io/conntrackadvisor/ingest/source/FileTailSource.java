package io.conntrackadvisor.ingest.source;

import io.conntrackadvisor.core.parse.Repetitions;
import io.conntrackadvisor.ingest.ShipMetrics;
import io.conntrackadvisor.ingest.delivery.Checkpoint;
import io.conntrackadvisor.model.ops.StopSignal;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tails one syslog file through rotation. The checkpoint of a line is device + inode + the offset after its newline,
 * so a restart resumes in the very file it stopped in: the file at the path, or, if that was rotated meanwhile, the
 * renamed file in the same folder, read to its end before the new one. While running, a new inode at the path
 * (rename and create) makes it finish the old file and switch; a file shorter than the read position
 * (copytruncate) is read again from its start. A line without its newline yet is held back until the newline comes.
 */
public final class FileTailSource implements Source {
  /** Metrics label and {@code KernelMessage.source} of this source. */
  public static final String LABEL = "syslog-file";
  private static final Logger LOG = LoggerFactory.getLogger(FileTailSource.class);

  private final Path path;
  private final String id;
  private final Duration poll;
  private final LinePublisher publisher;
  private final ShipMetrics metrics;
  private final LineBuffer line;
  private final ByteBuffer chunk = ByteBuffer.allocate(64 * 1024);
  private final StopSignal stop = new StopSignal();
  /** sysklogd's "last message repeated N times" refers to the line before it in this file. */
  private final Repetitions repetitions = new Repetitions();
  private FileChannel channel;
  private FileIdentity identity;
  private long readPos;
  private boolean refused;

  public FileTailSource(Path path, Duration poll, int maxLineBytes, LinePublisher publisher, ShipMetrics metrics) {
    this.path = path;
    this.id = LABEL + ":" + path;
    this.poll = poll;
    this.publisher = publisher;
    this.metrics = metrics;
    this.line = new LineBuffer(maxLineBytes);
  }

  @Override
  public String id() {
    return id;
  }

  @Override
  public void run(Checkpoint resume) throws InterruptedException {
    try {
      if (!openAtStart(resume)) {
        return;
      }
      while (!stop.isSet() && !refused) {
        try {
          if (readChunk() == 0 && !refused && !followRotation()) {
            stop.sleep(poll);
          }
        } catch (IOException e) {
          metrics.increment(ShipMetrics.Counter.SOURCE_ERRORS, LABEL);
          LOG.warn("Reading {} failed; retrying: {}", path, e.toString());
          stop.sleep(poll);
        }
      }
    } finally {
      closeChannel();
    }
  }

  @Override
  public void stop() {
    stop.set();
  }

  /** Opens the file the checkpoint points into, or the file at the path; waits for the path to exist. */
  private boolean openAtStart(Checkpoint resume) {
    FileIdentity saved = resume == null ? null : resume.fileIdentity();
    while (!stop.isSet()) {
      try {
        FileIdentity current = FileIdentity.of(path);
        if (saved != null && saved.equals(current)) {
          open(path, current, resume.offset());
          if (channel.size() < readPos) {
            truncated();
          }
          return true;
        }
        Path rotated = saved == null ? null : findByIdentity(saved);
        if (rotated != null) {
          LOG.info("{} was rotated while the agent was down; finishing {} first", path, rotated);
          open(rotated, saved, resume.offset());
          return true;
        }
        if (current != null) {
          if (saved != null) {
            metrics.increment(ShipMetrics.Counter.CHECKPOINTS_LOST, LABEL);
            LOG.warn("The file {} was checkpointed in (inode {}) is gone; reading the current file from its start",
                path, saved.inode());
          }
          open(path, current, 0);
          return true;
        }
      } catch (IOException e) {
        metrics.increment(ShipMetrics.Counter.SOURCE_ERRORS, LABEL);
        LOG.warn("Cannot open {}; retrying: {}", path, e.toString());
      }
      stop.sleep(poll);
    }
    return false;
  }

  /** Reads what is there in one chunk and ships the complete lines; returns the bytes read. */
  private int readChunk() throws IOException, InterruptedException {
    chunk.clear();
    int n = channel.read(chunk, readPos);
    if (n <= 0) {
      return 0;
    }
    byte[] a = chunk.array();
    int start = 0;
    for (int i = 0; i < n; i++) {
      if (a[i] == '\n') {
        line.append(a, start, i - start);
        if (!ship(readPos + i + 1)) {
          return n;
        }
        start = i + 1;
      }
    }
    line.append(a, start, n - start);
    readPos += n;
    return n;
  }

  /**
   * At the end of the file: handles a truncation or a new file at the path.
   *
   * @return true when it switched or rewound, so that reading goes on at once
   */
  private boolean followRotation() throws IOException, InterruptedException {
    FileIdentity current = FileIdentity.of(path);
    if (current == null) {
      return false; // between rename and create: keep the old file
    }
    if (current.equals(identity)) {
      if (channel.size() < readPos) {
        truncated();
        return true;
      }
      return false;
    }
    // Lines the writer added just before the rename are still in the old file.
    while (readChunk() > 0) {
      if (refused) {
        return false;
      }
    }
    if (!line.isEmpty() && !ship(readPos)) {
      return false;
    }
    metrics.increment(ShipMetrics.Counter.ROTATIONS, LABEL);
    LOG.info("{} was rotated; reading the new file (inode {})", path, current.inode());
    open(path, current, 0);
    return true;
  }

  private void truncated() {
    metrics.increment(ShipMetrics.Counter.FILE_TRUNCATIONS, LABEL);
    LOG.info("{} was truncated; reading it again from its start", path);
    readPos = 0;
    line.clear();
    repetitions.reset();
  }

  private boolean ship(long endOffset) throws InterruptedException {
    boolean taken = publisher.publish(line, Checkpoint.file(id, path.toString(), identity, endOffset, Instant.now()),
        null, repetitions);
    line.clear();
    refused = !taken;
    return taken;
  }

  private Path findByIdentity(FileIdentity wanted) throws IOException {
    Path dir = path.toAbsolutePath().getParent();
    try (Stream<Path> files = Files.list(dir)) {
      Iterator<Path> it = files.iterator();
      while (it.hasNext()) {
        Path p = it.next();
        if (Files.isRegularFile(p) && wanted.equals(FileIdentity.of(p))) {
          return p;
        }
      }
    }
    return null;
  }

  private void open(Path file, FileIdentity fileIdentity, long offset) throws IOException {
    closeChannel();
    channel = FileChannel.open(file, StandardOpenOption.READ);
    identity = fileIdentity;
    readPos = offset;
    line.clear();
  }

  private void closeChannel() {
    if (channel != null) {
      try {
        channel.close();
      } catch (IOException e) {
        LOG.debug("Closing {} failed", path, e);
      }
      channel = null;
    }
  }
}
