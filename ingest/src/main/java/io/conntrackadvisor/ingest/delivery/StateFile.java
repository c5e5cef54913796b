package io.conntrackadvisor.ingest.delivery;

import com.fasterxml.jackson.core.type.TypeReference;
import io.conntrackadvisor.model.Json;
import io.conntrackadvisor.model.ops.AtomicFiles;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The state folder: a lock that keeps one agent per folder, and {@code checkpoints.json}, the local mirror of the
 * checkpoints the agent committed to Kafka. The mirror is written only after a commit, so it is never ahead of the
 * checkpoint topic; it is read when the topic has no entry for a source (a new or emptied cluster).
 */
public final class StateFile implements AutoCloseable {
  /** Name of the checkpoint mirror in the state folder. */
  static final String CHECKPOINTS = "checkpoints.json";
  /** Name of the lock file in the state folder. */
  static final String LOCK = "ship.lock";
  private static final Logger LOG = LoggerFactory.getLogger(StateFile.class);
  private static final TypeReference<Map<String, Checkpoint>> MAP = new TypeReference<>() {
  };

  private final Path file;
  private final FileChannel lockChannel;
  private final FileLock lock;

  private StateFile(Path file, FileChannel lockChannel, FileLock lock) {
    this.file = file;
    this.lockChannel = lockChannel;
    this.lock = lock;
  }

  /**
   * Opens (and creates) the state folder and locks it.
   *
   * @throws IllegalStateException when another agent holds the lock
   */
  public static StateFile open(Path dir) throws IOException {
    Files.createDirectories(dir);
    FileChannel ch = FileChannel.open(dir.resolve(LOCK), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
    FileLock lock;
    try {
      lock = ch.tryLock();
    } catch (OverlappingFileLockException e) {
      lock = null; // held by another agent in this JVM
    } catch (IOException | RuntimeException e) {
      ch.close();
      throw e;
    }
    if (lock == null) {
      ch.close();
      throw new IllegalStateException("another ship agent uses the state folder " + dir);
    }
    return new StateFile(dir.resolve(CHECKPOINTS), ch, lock);
  }

  /** The mirrored checkpoints by source id; empty when there is no file or it cannot be read (logged). */
  Map<String, Checkpoint> read() {
    try {
      return new TreeMap<>(Json.mapper().readValue(Files.readAllBytes(file), MAP));
    } catch (NoSuchFileException e) {
      return new TreeMap<>();
    } catch (IOException e) {
      LOG.warn("Ignoring unreadable checkpoint mirror {} (the checkpoint topic is authoritative): {}", file,
          e.toString());
      return new TreeMap<>();
    }
  }

  /** Replaces the mirror atomically. */
  public void write(Map<String, Checkpoint> checkpoints) throws IOException {
    AtomicFiles.write(file, Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsBytes(
        new TreeMap<>(checkpoints)));
  }

  Path path() {
    return file;
  }

  @Override
  public void close() throws IOException {
    try {
      lock.release();
    } finally {
      lockChannel.close();
    }
  }
}
