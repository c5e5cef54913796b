package io.conntrackadvisor.app;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The launcher: one command with a subcommand per part of the pipeline. */
@Command(name = "conntrack-advisor", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
    description = "Finds nf_conntrack 'table full, dropping packet' incidents and recommends conntrack tuning.",
    subcommands = {AnalyzeCommand.class, ShipCommand.class, StreamsCommand.class, SinkCommand.class,
        TopicsCommand.class, BrokerCommand.class, DemoCommand.class, CommandLine.HelpCommand.class})
public final class Main extends CommandGroup {

  /** Builds the command line (tests call this to run commands in-process). */
  public static CommandLine commandLine() {
    return configure(new CommandLine(new Main()));
  }

  /** Gives {@code cl} the launcher's handling of usage and input errors (the lab's command line shares it). */
  public static CommandLine configure(CommandLine cl) {
    cl.setCaseInsensitiveEnumValuesAllowed(true);
    cl.setExecutionExceptionHandler(new Errors());
    cl.setParameterExceptionHandler(Main::usageError);
    return cl;
  }

  /** A usage error: one line saying what is wrong, one saying where help is; exit code 2. */
  private static int usageError(CommandLine.ParameterException ex, String[] args) {
    CommandLine cl = ex.getCommandLine();
    cl.getErr().println(cl.getCommandName() + ": " + ex.getMessage());
    cl.getErr().println("try: " + cl.getCommandSpec().qualifiedName() + " --help");
    return 2;
  }

  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }

  /** Version from the jar manifest. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String v = Main.class.getPackage().getImplementationVersion();
      return new String[] {"conntrack-advisor " + (v == null ? "dev" : v)};
    }
  }

  /** Bad input ends with a one-line message and exit code 2, never a stack trace. */
  static final class Errors implements CommandLine.IExecutionExceptionHandler {
    @Override
    public int handleExecutionException(Exception ex, CommandLine cl, CommandLine.ParseResult parsed) {
      if (ex instanceof UserError || ex instanceof IllegalArgumentException
          || ex instanceof java.io.IOException || ex instanceof java.io.UncheckedIOException) {
        cl.getErr().println(cl.getCommandName() + ": " + ex.getMessage());
        return 2;
      }
      cl.getErr().println(cl.getCommandName() + ": internal error: " + ex);
      ex.printStackTrace(cl.getErr());
      return 1;
    }
  }

  /** An error in what the user gave us (exit code 2). */
  static final class UserError extends RuntimeException {
    UserError(String message) {
      super(message);
    }
  }
}
