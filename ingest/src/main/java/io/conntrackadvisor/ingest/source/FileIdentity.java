package io.conntrackadvisor.ingest.source;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;

/**
 * Device and inode of a file: what stays the same when a log file is renamed by rotation, and changes when a new
 * file takes its name.
 *
 * @param device device number
 * @param inode  inode number
 */
public record FileIdentity(long device, long inode) {

  /** The identity of the file at {@code path} (links followed), or null when there is none. */
  static FileIdentity of(Path path) throws IOException {
    try {
      Map<String, Object> a = Files.readAttributes(path, "unix:dev,ino");
      return new FileIdentity(((Number) a.get("dev")).longValue(), ((Number) a.get("ino")).longValue());
    } catch (NoSuchFileException e) {
      return null;
    }
  }
}
