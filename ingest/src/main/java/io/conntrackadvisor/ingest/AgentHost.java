package io.conntrackadvisor.ingest;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The agent's own host name, for entries and samples that carry none and for its checkpoint keys: {@code --host},
 * else the proc root's {@code sys/kernel/hostname} (the host's name even from inside a container), else the name
 * the JVM resolves.
 */
final class AgentHost {
  private AgentHost() {
  }

  static String resolve(String configured, Path procRoot) {
    if (configured != null && !configured.isBlank()) {
      return configured.trim();
    }
    try {
      String fromProc = Files.readString(procRoot.resolve("sys/kernel/hostname"), StandardCharsets.UTF_8).strip();
      if (!fromProc.isEmpty()) {
        return fromProc;
      }
    } catch (IOException e) {
      // not a Linux proc root, or not readable: fall through
    }
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (IOException e) {
      return "localhost";
    }
  }
}
