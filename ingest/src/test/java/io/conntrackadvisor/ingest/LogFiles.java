package io.conntrackadvisor.ingest;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.stream.IntStream;

/** Writes numbered kernel lines to syslog files, and rotates them the two ways logrotate does. */
public final class LogFiles {
  private LogFiles() {
  }

  /** The text of line {@code n} as it is shipped. */
  public static String text(int n) {
    return "nf_conntrack: table full, dropping packet line-" + n;
  }

  /** The texts of lines {@code from} (inclusive) to {@code to} (exclusive). */
  public static List<String> texts(int from, int to) {
    return IntStream.range(from, to).mapToObj(LogFiles::text).toList();
  }

  /** Appends lines {@code from} to {@code to} in RFC 3164 form, as rsyslog writes {@code kern.log}. */
  public static void append(Path file, int from, int to) throws IOException {
    StringBuilder b = new StringBuilder();
    for (int n = from; n < to; n++) {
      b.append("Mar  2 08:14:56 gw-1 kernel: ").append(text(n)).append('\n');
    }
    Files.writeString(file, b, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
  }

  /** logrotate's default: the file is renamed; the caller then creates a new one. */
  public static void renameAway(Path file, Path to) throws IOException {
    Files.move(file, to);
  }

  /** logrotate's copytruncate: the content is copied, then the file the writer keeps open is emptied. */
  public static void copyTruncate(Path file, Path copy) throws IOException {
    Files.copy(file, copy);
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
      ch.truncate(0);
    }
  }
}
