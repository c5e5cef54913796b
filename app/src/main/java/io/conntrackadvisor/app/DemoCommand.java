package io.conntrackadvisor.app;

import io.conntrackadvisor.app.demo.Demo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code demo}: the whole pipeline on this machine, with a simulated incident. */
@Command(name = "demo", mixinStandardHelpOptions = true,
    description = {"Runs the whole pipeline in one process: a real Kafka broker (KRaft), the Streams application, "
        + "the sink and real ship agents, on the classic incident: a Docker host with nf_conntrack_max = 200 under "
        + "load, a gateway trending towards full, and a healthy database host. Ends by itself."})
final class DemoCommand implements Callable<Integer> {

  @Option(names = "--bootstrap-servers", paramLabel = "HOST:PORT",
      description = "Use this Kafka cluster instead of starting a broker (e.g. the compose one).")
  String bootstrapServers;

  @Option(names = "--work-dir", paramLabel = "DIR",
      description = "Folder for the simulated hosts, state and outputs (default: a new one under the temp dir).")
  Path workDir;

  @Option(names = "--ship-only",
      description = "With --bootstrap-servers: run only the simulated hosts and their ship agents, for a cluster "
          + "where streams and sink already run (the compose demo profile).")
  boolean shipOnly;

  @Option(names = "--follow", description = "Keep running after the scenario until Ctrl-C.")
  boolean follow;

  @Option(names = "--timeout", defaultValue = "150s", paramLabel = "DURATION",
      description = "Give up after this long (default ${DEFAULT-VALUE}).")
  String timeout;

  @picocli.CommandLine.Spec
  picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    quietLogs();
    Path dir = workDir != null ? Files.createDirectories(workDir) : Files.createTempDirectory("conntrack-demo-");
    Duration limit = io.conntrackadvisor.model.config.Settings.parseDuration("--timeout", timeout);
    if (shipOnly && bootstrapServers == null) {
      throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--ship-only needs --bootstrap-servers");
    }
    Demo demo = new Demo(dir, bootstrapServers, shipOnly, System.out);
    Thread hook = new Thread(demo::close, "demo-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    int rc;
    try {
      rc = demo.run(follow ? Duration.ofDays(365) : limit, follow);
    } finally {
      System.out.println("==> shutting down");
      demo.close();
      Runtime.getRuntime().removeShutdownHook(hook);
    }
    System.out.println(rc == 0 ? "==> done; everything stopped. Work folder: " + dir : "==> demo failed");
    return rc;
  }

  /** The demo prints its own progress; component logs only when something is wrong. */
  private static void quietLogs() {
    System.setProperty("org.slf4j.simpleLogger.log.io.conntrackadvisor", "warn");
    System.setProperty("org.slf4j.simpleLogger.log.org.apache.kafka", "error");
    System.setProperty("org.slf4j.simpleLogger.log.kafka", "error");
    System.setProperty("org.slf4j.simpleLogger.log.org.apache.kafka.streams", "error");
  }
}
