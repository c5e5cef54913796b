package io.conntrackadvisor.bench;

import io.conntrackadvisor.app.CommandGroup;
import io.conntrackadvisor.app.Main;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The lab's command line, beside the product: the benchmarks of BENCHMARKS.md and the log generator. It ships in
 * a jar of its own ({@code bench/target/conntrack-advisor-bench.jar}); {@code bin/conntrack-advisor} runs it for
 * these subcommands, so that the jar hosts run carries none of it.
 */
@Command(name = "conntrack-advisor", mixinStandardHelpOptions = true,
    description = "Benchmarks and the log generator of conntrack-advisor (BENCHMARKS.md).",
    subcommands = {GenerateLogsCommand.class, BenchShipCommand.class, BenchFleetCommand.class,
        BenchAgentCommand.class, BenchStreamsCommand.class, BenchNamespacesCommand.class, BenchMicroCommand.class,
        CommandLine.HelpCommand.class})
public final class BenchMain extends CommandGroup {

  /** Builds the command line, with the launcher's handling of errors. */
  public static CommandLine commandLine() {
    return Main.configure(new CommandLine(new BenchMain()));
  }

  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }
}
