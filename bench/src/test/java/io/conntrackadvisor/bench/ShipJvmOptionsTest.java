package io.conntrackadvisor.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every way of starting {@code ship} uses the JVM options of {@code deploy/jvm/ship.options}: the launcher (checked
 * by the flags a real JVM reports), the image (its entrypoint is the launcher, with the file where the launcher
 * reads it), the systemd unit (the file as a java @argument file) and, where it exists, the Kubernetes DaemonSet
 * (the container {@code ship}'s {@code JAVA_TOOL_OPTIONS}, its command line naming the file, or the image's
 * entrypoint). The launcher and the unit also limit glibc to two malloc arenas. The file starts every installed JDK
 * (17 to 25), and JDK 17 knows each of its options.
 */
class ShipJvmOptionsTest {
  private static final Path ROOT = Path.of("").toAbsolutePath().getParent();
  private static final Path OPTIONS = ROOT.resolve("deploy/jvm/ship.options");
  private static final Path DAEMONSET = ROOT.resolve("deploy/kubernetes/ship-daemonset.yaml");
  private static final String IMAGE_HOME = "/opt/conntrack-advisor/";

  @Test
  void shouldStartShipFromTheLauncherWithTheOptionsFile() throws Exception {
    List<String> expected = run(List.of("java", "@" + OPTIONS, "-XX:+PrintCommandLineFlags", "-version"), false);
    List<String> launched = run(List.of("bash", ROOT.resolve("bin/conntrack-advisor").toString(), "ship", "--help"),
        true);

    assertThat(expected.get(0)).contains("-XX:+UseSerialGC", "-XX:MaxHeapSize=", "-XX:TieredStopAtLevel=1");
    assertThat(launched.get(0)).as("flags of the JVM the launcher starts for ship").isEqualTo(expected.get(0));
    assertThat(launched).anySatisfy(l -> assertThat(l).startsWith("Usage: conntrack-advisor ship"));
  }

  @Test
  void shouldKnowEveryOptionOnJdk17AndStartOnEveryInstalledJdk() throws Exception {
    List<Path> jdks;
    try (Stream<Path> homes = Files.list(Path.of("/usr/lib/jvm"))) {
      jdks = homes.filter(h -> Files.isExecutable(h.resolve("bin/java")) && !Files.isSymbolicLink(h)).toList();
    }
    int strict = 0;
    for (Path jdk : jdks) {
      String java = jdk.resolve("bin/java").toString();
      List<String> out = run(List.of(java, "@" + OPTIONS, "-version"), false);
      assertThat(out).as(jdk.toString()).noneMatch(l -> l.contains("Unrecognized"));
      if (Files.readString(jdk.resolve("release"), StandardCharsets.UTF_8).contains("JAVA_VERSION=\"17.")) {
        // strict on the JDK of the build and the image: a misspelt option fails here instead of being ignored
        run(List.of(java, "@" + OPTIONS, "-XX:-IgnoreUnrecognizedVMOptions", "-version"), false);
        strict++;
      }
    }
    assertThat(strict).as("JDK 17 homes in /usr/lib/jvm").isPositive();
  }

  @Test
  void shouldStartShipInTheImageThroughTheLauncherWithTheOptionsFile() throws IOException {
    String dockerfile = Files.readString(ROOT.resolve("Dockerfile"), StandardCharsets.UTF_8);

    assertThat(dockerfile).contains("COPY deploy/jvm/ship.options " + IMAGE_HOME + "deploy/jvm/ship.options")
        .contains("COPY bin/conntrack-advisor " + IMAGE_HOME + "bin/conntrack-advisor")
        .contains("/src/app/target/conntrack-advisor.jar " + IMAGE_HOME + "app/target/conntrack-advisor.jar")
        .containsPattern("(?m)^ENTRYPOINT \\[\"" + IMAGE_HOME + "bin/conntrack-advisor\"\\]$")
        .containsPattern("(?m)^ENV CONNTRACK_ADVISOR_SKIP_BUILD=1");
  }

  @Test
  void shouldStartShipFromTheSystemdUnitWithTheOptionsFile() throws IOException {
    String unit = Files.readString(ROOT.resolve("deploy/systemd/conntrack-advisor-ship.service"),
        StandardCharsets.UTF_8);
    String execStart = unit.replace("\\\n", " ").lines().filter(l -> l.startsWith("ExecStart=")).findFirst()
        .orElseThrow();

    assertThat(unit).contains("install -D -m 0644 deploy/jvm/ship.options " + IMAGE_HOME + "ship.options");
    assertThat(execStart.split("\\s+")).containsSubsequence("ExecStart=/usr/bin/java",
        "@" + IMAGE_HOME + "ship.options", "-jar", "ship");
    assertThat(execStart).doesNotContainPattern(" -X");
    assertThat(unit).containsPattern("(?m)^Environment=MALLOC_ARENA_MAX=2$");
    assertThat(Files.readString(ROOT.resolve("bin/conntrack-advisor"), StandardCharsets.UTF_8))
        .contains("export MALLOC_ARENA_MAX=\"${MALLOC_ARENA_MAX:-2}\"");
  }

  @Test
  void shouldStartShipFromTheDaemonSetWithTheSameOptions() throws IOException {
    if (Files.exists(DAEMONSET)) { // the DaemonSet is optional in the tree; when it is there, it must agree
      assertDaemonSetAgrees(Files.readString(DAEMONSET, StandardCharsets.UTF_8));
    }
  }

  @Test
  void shouldTellADaemonSetWithOtherOptionsFromOneWithTheSame() throws IOException {
    String same = daemonSet(String.join(" ", options()));
    String other = daemonSet(String.join(" ", options()).replace("-Xmx28m", "-Xmx64m"));

    String entrypoint = daemonSet("").replaceAll("(?m)^ *- name: JAVA_TOOL_OPTIONS\n.*\n", "");
    String ownJava = entrypoint.replace("args: [\"ship\"]", "command: [\"java\", \"-Xmx64m\", \"-jar\", "
        + "\"/opt/conntrack-advisor/app/target/conntrack-advisor.jar\", \"ship\"]");

    assertDaemonSetAgrees(same);
    assertDaemonSetAgrees(entrypoint);
    assertThatThrownBy(() -> assertDaemonSetAgrees(other)).isInstanceOf(AssertionError.class)
        .hasMessageContaining("JAVA_TOOL_OPTIONS");
    assertThatThrownBy(() -> assertDaemonSetAgrees(ownJava)).isInstanceOf(AssertionError.class)
        .hasMessageContaining("options file");
  }

  private static String daemonSet(String javaToolOptions) {
    return "spec:\n  template:\n    spec:\n      initContainers:\n        - name: ship-init\n          image: x\n"
        + "      containers:\n        - name: ship\n          image: conntrack-advisor:latest\n"
        + "          args: [\"ship\"]\n          env:\n            - name: CONNTRACK_ADVISOR_HOST\n"
        + "              valueFrom: {fieldRef: {fieldPath: spec.nodeName}}\n            - name: JAVA_TOOL_OPTIONS\n"
        + "              value: \"" + javaToolOptions + "\"\n        - name: exporter\n          image: y\n";
  }

  private static void assertDaemonSetAgrees(String yaml) throws IOException {
    String container = containerBlock(yaml, "ship");
    Matcher env = Pattern.compile("- name: JAVA_TOOL_OPTIONS\\s+value: *(\"?)(.*)\\1\\s*$", Pattern.MULTILINE)
        .matcher(container);
    if (env.find()) {
      assertThat(List.of(env.group(2).trim().split("\\s+"))).as("JAVA_TOOL_OPTIONS of container ship")
          .isEqualTo(options());
    } else if (container.contains("command:")) {
      assertThat(container).as("container ship names the options file on its command line, or sets "
          + "JAVA_TOOL_OPTIONS to the options of " + OPTIONS).contains("@" + IMAGE_HOME);
    } else {
      // the image's entrypoint, the launcher, adds the options file for ship
      assertThat(container).as("container ship runs the image's entrypoint with ship").containsPattern(
          "args: *\\[ *\"?ship\"?|args:\\s+- *\"?ship\"?\\s");
    }
  }

  /** The options of the file, in order, without comments. */
  static List<String> options() throws IOException {
    return Files.readAllLines(OPTIONS, StandardCharsets.UTF_8).stream().map(String::strip)
        .filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
  }

  /** The lines of the list item {@code - name: NAME} of a containers list, up to the next item or the list's end. */
  private static String containerBlock(String yaml, String name) {
    List<String> lines = yaml.lines().toList();
    Pattern start = Pattern.compile("^(\\s*)- name: *\"?" + Pattern.quote(name) + "\"?\\s*$");
    for (int i = 0; i < lines.size(); i++) {
      Matcher m = start.matcher(lines.get(i));
      if (m.matches()) {
        int indent = m.group(1).length();
        StringBuilder block = new StringBuilder(lines.get(i)).append('\n');
        for (int j = i + 1; j < lines.size(); j++) {
          String l = lines.get(j);
          int lead = l.length() - l.stripLeading().length();
          if (!l.isBlank() && lead <= indent) {
            break;
          }
          block.append(l).append('\n');
        }
        if (block.toString().contains("image:")) {
          return block.toString();
        }
      }
    }
    throw new AssertionError("no container named " + name + " in " + DAEMONSET);
  }

  private static List<String> run(List<String> command, boolean printFlags) throws Exception {
    Path out = Files.createTempFile("ship-jvm", ".out");
    try {
      ProcessBuilder pb = new ProcessBuilder(new ArrayList<>(command)).redirectErrorStream(true)
          .redirectOutput(out.toFile());
      pb.environment().put("CONNTRACK_ADVISOR_SKIP_BUILD", "1");
      pb.environment().remove("JAVA_TOOL_OPTIONS");
      if (printFlags) {
        pb.environment().put("JAVA_OPTS", "-XX:+PrintCommandLineFlags");
      }
      Process p = pb.start();
      assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("finished: " + command).isTrue();
      List<String> lines = Files.readAllLines(out, StandardCharsets.UTF_8);
      assertThat(p.exitValue()).as(String.join("\n", lines)).isZero();
      return lines;
    } finally {
      Files.deleteIfExists(out);
    }
  }
}
