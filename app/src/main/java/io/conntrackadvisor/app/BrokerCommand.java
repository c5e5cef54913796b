package io.conntrackadvisor.app;

import io.conntrackadvisor.broker.BrokerRunner;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code broker}: a real single-node Kafka broker (KRaft) on 127.0.0.1, until SIGTERM or Ctrl-C. */
@Command(name = "broker", mixinStandardHelpOptions = true,
    description = {"Runs a real single-node Apache Kafka 4.4 broker (KRaft, broker + controller) on 127.0.0.1.",
        "Prints 'bootstrap.servers=127.0.0.1:PORT' once clients can connect; stops cleanly on SIGTERM/Ctrl-C."})
final class BrokerCommand implements Callable<Integer> {

  @Option(names = "--port", defaultValue = "9092", description = "Port; 0 picks a free one (default ${DEFAULT-VALUE}).")
  int port;

  @Option(names = "--data-dir", paramLabel = "DIR",
      description = "Data directory, kept across restarts (default: a temporary one, deleted at exit).")
  Path dataDir;

  @Option(names = "--property", paramLabel = "KEY=VALUE",
      description = "A broker property that overrides the single-node defaults. Repeatable.")
  Map<String, String> properties = new LinkedHashMap<>();

  @Override
  public Integer call() throws InterruptedException {
    new BrokerRunner().run(port, dataDir, properties, System.out);
    return 0;
  }
}
