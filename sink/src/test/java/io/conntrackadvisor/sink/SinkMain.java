package io.conntrackadvisor.sink;

import io.conntrackadvisor.model.config.Settings;
import java.nio.file.Path;
import java.util.Map;

/**
 * The sink as the launcher runs it (settings file, shutdown hook, blocking run), for tests that send it SIGTERM
 * in a JVM of its own. Argument: the properties file.
 */
public final class SinkMain {
  private SinkMain() {
  }

  public static void main(String[] args) throws Exception {
    Settings settings = Settings.load(SinkSettings.CONFIG, Path.of(args[0]), Map.of(), Map.of());
    SinkApp app = new SinkApp(settings);
    Runtime.getRuntime().addShutdownHook(new Thread(app::close, "sink-shutdown"));
    app.run();
  }
}
