package io.conntrackadvisor.ingest.source;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code journalctl} command lines of the journald source: the follower ({@code -o export --follow}, from the
 * start of the journal, after a cursor, or at a cursor; export, not JSON, costs journalctl a quarter of the CPU) and
 * the probe that checks a checkpointed cursor ({@code -o json}, one entry).
 *
 * @param program   the program (a name on the PATH or a path)
 * @param files     journal files ({@code --file}); empty for none
 * @param directory journal folder ({@code --directory}), or null
 * @param all       whether every entry is wanted; otherwise the match {@code _TRANSPORT=kernel} is added
 */
public record JournalctlCommand(String program, List<Path> files, Path directory, boolean all) {
  /** The journal field match that selects kernel messages. */
  public static final String KERNEL_MATCH = "_TRANSPORT=kernel";

  public JournalctlCommand {
    files = List.copyOf(files);
  }

  /** Where the follower starts. */
  enum Start {
    /** The start of the available journal. */
    BEGINNING,
    /** The first entry after the cursor. */
    AFTER_CURSOR,
    /** The first matching entry at or after the cursor (the cursor's own entry does not match the filter). */
    AT_CURSOR
  }

  /** {@code journalctl -o export --follow} from {@code start}. */
  List<String> follow(Start start, String cursor) {
    List<String> argv = base("export");
    argv.add("--follow");
    // --follow alone would show only the last ten entries; every entry from the start point is wanted.
    argv.add("--no-tail");
    switch (start) {
      case AFTER_CURSOR -> argv.add("--after-cursor=" + cursor);
      case AT_CURSOR -> argv.add("--cursor=" + cursor);
      default -> {
        // from the beginning
      }
    }
    if (!all) {
      argv.add(KERNEL_MATCH);
    }
    return argv;
  }

  /** Prints the one entry at {@code cursor}, unfiltered, if the journal has it; otherwise the nearest one. */
  List<String> probe(String cursor) {
    List<String> argv = base("json");
    argv.add("--cursor=" + cursor);
    argv.add("--lines=1");
    return argv;
  }

  private List<String> base(String output) {
    List<String> argv = new ArrayList<>();
    argv.add(program);
    argv.add("--output=" + output);
    argv.add("--no-pager");
    if (directory != null) {
      argv.add("--directory=" + directory);
    }
    for (Path f : files) {
      argv.add("--file=" + f);
    }
    return argv;
  }
}
