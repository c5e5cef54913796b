package io.conntrackadvisor.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A Java program run in a child JVM on this JVM's class path, for benches that must not share a heap or JIT
 * with what they measure: the broker, and the agent in {@code bench-ship}.
 */
final class ChildJvm implements AutoCloseable {
  private final Process process;
  private final BufferedReader out;
  private final List<String> lines = new ArrayList<>();

  private ChildJvm(Process process) {
    this.process = process;
    this.out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
  }

  /** Starts {@code mainClass args} with {@code jvmOptions}; stderr goes to {@code log}. */
  static ChildJvm start(List<String> jvmOptions, String mainClass, List<String> args, Path log) throws IOException {
    return start(List.of(), jvmOptions, mainClass, args, log);
  }

  /**
   * Starts {@code mainClass args} as {@link #start(List, String, List, Path)} does, through {@code launch}: a
   * command that ends by executing its arguments (e.g. a shell that first moves itself into a cgroup).
   */
  static ChildJvm start(List<String> launch, List<String> jvmOptions, String mainClass, List<String> args, Path log)
      throws IOException {
    List<String> cmd = new ArrayList<>(launch);
    cmd.add(ProcessHandle.current().info().command().orElse("java"));
    cmd.addAll(jvmOptions);
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add(mainClass);
    cmd.addAll(args);
    Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
    return new ChildJvm(p);
  }

  /** Starts the agent ({@code Main args}) as {@link #startAsDeployed} does. */
  static ChildJvm startAgent(Path options, List<String> extraJvm, List<String> args, Path log) throws IOException {
    return startAsDeployed(List.of(), options, extraJvm, BenchAgentCommand.mainClass(), args, log);
  }

  /**
   * Starts {@code mainClass args} as the launcher, the image and the systemd unit start the agent: two malloc arenas
   * and the JVM options of {@code options} ({@code deploy/jvm/ship.options}), then {@code extraJvm}, which win;
   * through {@code launch} as {@link #start(List, List, String, List, Path)} does.
   */
  static ChildJvm startAsDeployed(List<String> launch, Path options, List<String> extraJvm, String mainClass,
      List<String> args, Path log) throws IOException {
    List<String> prefix = new ArrayList<>(launch);
    prefix.addAll(List.of("env", "MALLOC_ARENA_MAX=2"));
    List<String> jvm = new ArrayList<>(List.of("@" + options));
    jvm.addAll(extraJvm);
    return start(prefix, jvm, mainClass, args, log);
  }

  /** {@code deploy/jvm/ship.options} of the source tree this jar was built in ({@code bench/target/x.jar}). */
  static Path shipOptions() {
    try {
      Path code = Path.of(ChildJvm.class.getProtectionDomain().getCodeSource().getLocation().toURI());
      Path options = code.getParent().getParent().getParent().resolve("deploy/jvm/ship.options");
      if (!Files.exists(options)) {
        throw new IllegalStateException("no deploy/jvm/ship.options beside " + code + "; give the options file");
      }
      return options;
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Reads stdout lines until one matches; fails when the process ends first. */
  String awaitLine(Predicate<String> wanted) throws IOException {
    String line;
    while ((line = out.readLine()) != null) {
      lines.add(line);
      if (wanted.test(line)) {
        return line;
      }
    }
    throw new IOException("child JVM ended (exit " + exitCode() + ") without the expected line; its output: "
        + lines);
  }

  /** Reads stdout to the end and waits for the exit; returns every line. */
  List<String> awaitExit() throws IOException, InterruptedException {
    String line;
    while ((line = out.readLine()) != null) {
      lines.add(line);
    }
    int rc = process.waitFor();
    if (rc != 0) {
      throw new IOException("child JVM exited with " + rc + "; its output: " + lines);
    }
    return List.copyOf(lines);
  }

  private String exitCode() {
    try {
      return process.waitFor(5, TimeUnit.SECONDS) ? String.valueOf(process.exitValue()) : "still running";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "unknown";
    }
  }

  /** The process id (the JVM's, when the launch command executed it in place). */
  long pid() {
    return process.pid();
  }

  /** Whether the process still runs. */
  boolean alive() {
    return process.isAlive();
  }

  /** CPU time the process has used so far (user and system), zero where the platform does not tell. */
  java.time.Duration cpu() {
    return process.toHandle().info().totalCpuDuration().orElse(java.time.Duration.ZERO);
  }

  /** The running process. */
  ProcessHandle handle() {
    return process.toHandle();
  }

  /** Asks the process to stop (SIGTERM) and waits for it, then kills it if it did not stop. */
  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor();
    }
  }
}
