package io.conntrackadvisor.streams;

import io.conntrackadvisor.model.config.Settings;
import java.nio.file.Path;
import java.util.Map;

/** Test-only entry point that runs {@link StreamsApp} in a child JVM: {@code CONFIG_FILE}. */
public final class StreamsAppLauncher {
  private StreamsAppLauncher() {
  }

  public static void main(String[] args) throws Exception {
    System.exit(new StreamsApp(Settings.load(StreamsSettings.CONFIG, Path.of(args[0]), Map.of(), Map.of())).run());
  }
}
