package io.conntrackadvisor.model.ops;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;

/**
 * Replaces files so that a reader sees the old or the new content, never a part: temp file in the same folder,
 * fsync, atomic rename, fsync of the folder (a crash leaves the old or the new content). Shared by the agent's
 * checkpoints and the sink's files. Files end up {@code rw-r--r--} so config management can read them.
 */
public final class AtomicFiles {
  private AtomicFiles() {
  }

  /** Writes {@code content} unless the file already holds exactly it; true when it wrote. */
  public static boolean writeIfChanged(Path file, byte[] content) throws IOException {
    if (Files.isRegularFile(file) && Files.size(file) == content.length
        && Arrays.equals(Files.readAllBytes(file), content)) {
      return false;
    }
    write(file, content);
    return true;
  }

  /** Replaces {@code file} with {@code content} atomically and durably. */
  public static void write(Path file, byte[] content) throws IOException {
    Path dir = file.toAbsolutePath().getParent();
    Path tmp = Files.createTempFile(dir, "." + file.getFileName(), ".tmp");
    try {
      try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
        ByteBuffer buf = ByteBuffer.wrap(content);
        while (buf.hasRemaining()) {
          ch.write(buf);
        }
        ch.force(true);
      }
      Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-r--r--"));
      Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } finally {
      Files.deleteIfExists(tmp);
    }
    syncFolder(dir);
  }

  /** Makes a rename in {@code dir} durable (Linux allows fsync on a folder opened for reading). */
  private static void syncFolder(Path dir) throws IOException {
    try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
      ch.force(true);
    }
  }
}
