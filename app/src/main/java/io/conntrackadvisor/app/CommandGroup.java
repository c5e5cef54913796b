package io.conntrackadvisor.app;

import picocli.CommandLine;

/** A top-level command made only of subcommands: run alone, it is a usage error. */
public abstract class CommandGroup implements Runnable {
  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "a subcommand is required");
  }
}
