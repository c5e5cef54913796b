package io.conntrackadvisor.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.conntrackadvisor.app.demo.RealKernelReproduction;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code demo --real-kernel --yes} in-process, as the README shows it: the incident on this machine's kernel goes
 * through broker, Streams and sink, the output names the namespace and its owner, the report lists it among the
 * top namespaces, and the limit is back and the namespace gone afterwards. Needs what {@link RealKernelIT} needs.
 */
class DemoRealKernelIT {

  @Test
  void shouldReproduceTheIncidentNameTheNamespaceAndRestoreTheLimit(@TempDir Path dir) throws Exception {
    String ns = DemoCommand.NAMESPACE_PREFIX + ProcessHandle.current().pid();
    assumeTrue(RealKernelReproduction.runningAsRoot(), "needs root");
    List<String> problems = new RealKernelReproduction(ns, RealKernelReproduction.Tools.onPath()).problems();
    assumeTrue(problems.isEmpty(), () -> String.join("; ", problems));
    String maxBefore = RealKernelReproduction.currentMax();
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cl = Main.commandLine();
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));

    int rc = cl.execute("demo", "--real-kernel", "--yes", "--work-dir", dir.toString(), "--timeout", "60s");

    String printed = out.toString();
    assertThat(rc).as(printed + err).isZero();
    Matcher m = Pattern.compile("namespace " + ns + " is netns (\\d+)").matcher(printed);
    assertThat(m.find()).as(printed).isTrue();
    String netns = m.group(1);
    assertThat(printed)
        .contains("lowering net.netfilter.nf_conntrack_max from " + maxBefore + " to 200")
        .contains("connections in netns " + netns + ": 200 connected, 100 dropped by the full table")
        .contains("in netns " + netns)
        .containsPattern("netns " + netns + ", [^;]+, holds 200 of 200 entries")
        .containsPattern("netns " + netns + " \\([^)]+\\): 200 entries, 100 % of nf_conntrack_max")
        .contains("nf_conntrack_max restored to " + maxBefore + "; namespace " + ns + " deleted")
        .contains("==> done; everything stopped.");
    Matcher dropIn = Pattern.compile("drop-in for [^:]+: (\\S+)").matcher(printed);
    assertThat(dropIn.find()).isTrue();
    assertThat(Files.readString(Path.of(dropIn.group(1)))).contains("net.netfilter.nf_conntrack_max = ");
    assertThat(Files.readString(dir.resolve("out/index.html"))).contains("<h3>Top namespaces</h3>")
        .contains("data-netns=\"" + netns + "\"");
    assertThat(RealKernelReproduction.currentMax()).isEqualTo(maxBefore);
    assertThat(Path.of("/run/netns", ns)).doesNotExist();
  }
}
