package io.conntrackadvisor.app;

import io.conntrackadvisor.app.demo.Demo;
import io.conntrackadvisor.app.demo.RealKernelReproduction;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.BooleanSupplier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code demo}: the whole pipeline on this machine, with a simulated incident or one on the real kernel. */
@Command(name = "demo", mixinStandardHelpOptions = true,
    description = {"Runs the whole pipeline in one process: a real Kafka broker (KRaft), the Streams application, "
        + "the sink and real ship agents, on the classic incident: a Docker host with nf_conntrack_max = 200 under "
        + "load, a gateway trending towards full, and a healthy database host. Ends by itself.",
        "With --real-kernel --yes (root): the incident on this machine's kernel instead, in a throwaway network "
            + "namespace; nf_conntrack_max is lowered to 200 for a few seconds and always restored."})
final class DemoCommand implements Callable<Integer> {
  /** Name of the throwaway network namespace of {@code --real-kernel}. */
  static final String NAMESPACE_PREFIX = "cta-demo-";

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

  @Option(names = "--keep-open", description = "After the scenario, keep the pipeline and its live dashboard "
      + "running (the hosts go on sampling) until Ctrl-C.")
  boolean keepOpen;

  @Option(names = "--http-port", defaultValue = "0", paramLabel = "N",
      description = "Port of the live dashboard on 127.0.0.1 (default: any free port; the address is printed).")
  int httpPort;

  @Option(names = "--timeout", defaultValue = "150s", paramLabel = "DURATION",
      description = "Give up after this long (default ${DEFAULT-VALUE}).")
  String timeout;

  @Option(names = "--real-kernel",
      description = "Reproduce the incident on this machine's kernel instead of simulated hosts (root only): a "
          + "throwaway network namespace with conntrack on, nf_conntrack_max lowered to 200 for a few seconds, "
          + "300 connections opened in it; one ship agent reads /dev/kmsg and the real /proc. Needs --yes.")
  boolean realKernel;

  @Option(names = "--yes", description = "With --real-kernel: go ahead (without it, the demo says what it would "
      + "change and stops).")
  boolean yes;

  @picocli.CommandLine.Spec
  picocli.CommandLine.Model.CommandSpec spec;

  /** Whether this process runs as root; tests replace it to take the refusal path. */
  BooleanSupplier root = RealKernelReproduction::runningAsRoot;

  @Override
  public Integer call() throws Exception {
    Duration limit = io.conntrackadvisor.model.config.Settings.parseDuration("--timeout", timeout);
    if (shipOnly && bootstrapServers == null) {
      throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--ship-only needs --bootstrap-servers");
    }
    RealKernelReproduction repro = null;
    if (realKernel) {
      repro = new RealKernelReproduction(NAMESPACE_PREFIX + ProcessHandle.current().pid(),
          RealKernelReproduction.Tools.onPath());
      Integer refused = refusal(repro);
      if (refused != null) {
        return refused;
      }
    }
    quietLogs();
    Path dir = workDir != null ? Files.createDirectories(workDir) : Files.createTempDirectory("conntrack-demo-");
    PrintWriter out = spec.commandLine().getOut();
    Demo demo = new Demo(dir, bootstrapServers, shipOnly, httpPort, out);
    RealKernelReproduction r = repro;
    Thread hook = new Thread(() -> {
      if (r != null) {
        boolean lowered = r.oldMax() != null;
        r.restore(); // first: the limit is the one change that affects the whole host
        if (lowered) {
          out.println("==> stopped: nf_conntrack_max restored to " + RealKernelReproduction.currentMax()
              + ", namespace " + r.namespace() + " deleted");
        }
      }
      demo.close();
    }, "demo-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    int rc;
    try {
      rc = repro != null ? demo.runRealKernel(repro, limit) : demo.run(follow ? Duration.ofDays(365) : limit, follow);
      if (rc == 0 && keepOpen && demo.dashboardUrl() != null) {
        out.println("==> keeping the dashboard open at " + demo.dashboardUrl() + " (the hosts go on sampling); "
            + "Ctrl-C to stop");
        out.flush();
        demo.awaitClose();
      }
    } finally {
      if (repro != null) {
        repro.close();
      }
      out.println("==> shutting down");
      demo.close();
      Runtime.getRuntime().removeShutdownHook(hook);
    }
    out.println(rc == 0 ? "==> done; everything stopped. Work folder: " + dir : "==> demo failed");
    return rc;
  }

  /**
   * Why {@code --real-kernel} must not run now, printed, with exit code 2; null when it may: only as root, only with
   * {@code --yes}, and only on a host where lowering the limit hurts nobody.
   */
  private Integer refusal(RealKernelReproduction repro) {
    PrintWriter err = spec.commandLine().getErr();
    if (shipOnly || follow) {
      throw new picocli.CommandLine.ParameterException(spec.commandLine(),
          "--real-kernel cannot be combined with " + (shipOnly ? "--ship-only" : "--follow"));
    }
    if (!root.getAsBoolean()) {
      err.println("demo: --real-kernel must run as root: it creates a network namespace and lowers "
          + "net.netfilter.nf_conntrack_max (try: sudo bin/conntrack-advisor demo --real-kernel --yes)");
      return 2;
    }
    if (!yes) {
      err.println("demo: --real-kernel changes this machine's kernel settings for a few seconds.");
      err.println(repro.plan());
      err.println("Nothing was changed. Run again with --yes to go ahead: "
          + "bin/conntrack-advisor demo --real-kernel --yes");
      return 2;
    }
    List<String> problems = repro.problems();
    if (!problems.isEmpty()) {
      err.println("demo: --real-kernel refuses to run on this host; nothing was changed:");
      problems.forEach(p -> err.println("  - " + p));
      return 2;
    }
    return null;
  }

  /** The demo prints its own progress; component logs only when something is wrong. */
  private static void quietLogs() {
    System.setProperty("org.slf4j.simpleLogger.log.io.conntrackadvisor", "warn");
    System.setProperty("org.slf4j.simpleLogger.log.org.apache.kafka", "error");
    System.setProperty("org.slf4j.simpleLogger.log.kafka", "error");
    System.setProperty("org.slf4j.simpleLogger.log.org.apache.kafka.streams", "error");
  }
}
