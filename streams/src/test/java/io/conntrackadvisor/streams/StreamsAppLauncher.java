package io.conntrackadvisor.streams;

import java.nio.file.Path;
import java.util.Map;

/** Test-only entry point that runs {@link StreamsApp} in a child JVM: {@code CONFIG_FILE}. */
public final class StreamsAppLauncher {
  private StreamsAppLauncher() {
  }

  public static void main(String[] args) throws Exception {
    System.exit(new StreamsApp(StreamsSettings.load(Path.of(args[0]), Map.of(), Map.of())).run());
  }
}
