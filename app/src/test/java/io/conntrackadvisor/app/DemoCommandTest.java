package io.conntrackadvisor.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.conntrackadvisor.app.demo.RealKernelReproduction;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The refusals of {@code demo --real-kernel}: each ends with exit code 2, says why, and changes nothing. */
class DemoCommandTest {
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(BooleanSupplier root, String... args) {
    CommandLine cl = Main.commandLine();
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    ((DemoCommand) cl.getSubcommands().get("demo").getCommand()).root = root;
    return cl.execute(args);
  }

  private static String namespace() {
    return DemoCommand.NAMESPACE_PREFIX + ProcessHandle.current().pid();
  }

  @Test
  void shouldSayWhatItWouldChangeAndStopWithoutYes() {
    String maxBefore = RealKernelReproduction.currentMax();

    int rc = run(() -> true, "demo", "--real-kernel");

    assertThat(rc).isEqualTo(2);
    assertThat(err.toString())
        .contains("create the network namespace '" + namespace() + "'")
        .containsPattern("lower net\\.netfilter\\.nf_conntrack_max from (\\d+|its current value) to 200 for a few "
            + "seconds")
        .contains("put nf_conntrack_max back").contains("Nothing was changed").contains("--real-kernel --yes");
    assertThat(out.toString()).as("no pipeline started").isEmpty();
    assertThat(RealKernelReproduction.currentMax()).isEqualTo(maxBefore);
    assertThat(Path.of("/run/netns", namespace())).doesNotExist();
  }

  @Test
  void shouldRefuseWhenNotRootEvenWithYes() {
    int rc = run(() -> false, "demo", "--real-kernel", "--yes");

    assertThat(rc).isEqualTo(2);
    assertThat(err.toString().strip()).startsWith("demo: --real-kernel must run as root").doesNotContain("\n");
    assertThat(out.toString()).isEmpty();
  }

  @Test
  void shouldRejectRealKernelWithShipOnlyOrFollow() {
    assertThat(run(() -> true, "demo", "--real-kernel", "--yes", "--follow")).isEqualTo(2);
    assertThat(run(() -> true, "demo", "--real-kernel", "--bootstrap-servers", "127.0.0.1:9", "--ship-only"))
        .isEqualTo(2);
    assertThat(err.toString()).contains("--real-kernel cannot be combined with --follow")
        .contains("--real-kernel cannot be combined with --ship-only").doesNotContain("Exception");
  }
}
