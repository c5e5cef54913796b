package io.conntrackadvisor.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A program that reads one file, as every program does, and sleeps: run with the agent's JVM options, its resident
 * memory and threads are the JVM's own floor under the agent's (bench-agent).
 */
public final class IdleJvm {
  private IdleJvm() {
  }

  public static void main(String[] args) throws IOException, InterruptedException {
    Files.readAllBytes(Path.of("/proc/self/status"));
    System.out.println("idle");
    System.out.flush();
    Thread.sleep(Long.MAX_VALUE);
  }
}
