package io.conntrackadvisor.ingest;

import io.conntrackadvisor.model.config.Settings;
import java.util.HashMap;
import java.util.Map;

/**
 * Runs a {@link ShipAgent} as its own process, configured by {@code key=value} arguments, the way the {@code ship}
 * command will: a shutdown hook closes it on SIGTERM. Tests start it with {@link ProcessBuilder} to kill it.
 */
public final class ShipAgentMain {
  private ShipAgentMain() {
  }

  public static void main(String[] args) throws Exception {
    Map<String, String> settings = new HashMap<>();
    for (String arg : args) {
      int eq = arg.indexOf('=');
      settings.put(arg.substring(0, eq), arg.substring(eq + 1));
    }
    ShipAgent agent = new ShipAgent(Settings.of(settings));
    Runtime.getRuntime().addShutdownHook(new Thread(agent::close, "ship-shutdown"));
    agent.run();
  }
}
