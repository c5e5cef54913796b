package io.conntrackadvisor.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.conntrackadvisor.ingest.ShipSettings;
import io.conntrackadvisor.model.config.Settings;
import io.conntrackadvisor.sink.SinkSettings;
import io.conntrackadvisor.streams.StreamsSettings;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * deploy/kubernetes against what the commands need: every container's arguments parse with the launcher, the
 * DaemonSet gives {@code ship} the node's {@code /proc} and journal read-only, its network and PIDs and the one
 * capability it uses; the probes ask the ports the commands serve; settings name real keys. (bin/test validates
 * the same files against Kubernetes' own schemas.)
 */
class KubernetesManifestsTest {
  private static final Path DIR = Path.of(System.getProperty("fixtures.dir")).getParent().getParent()
      .resolve("deploy/kubernetes");

  private static JsonNode resource(String file) throws Exception {
    return new ObjectMapper(new YAMLFactory()).readTree(DIR.resolve(file).toFile());
  }

  private static JsonNode container(JsonNode workload) {
    return workload.at("/spec/template/spec/containers/0");
  }

  private static List<String> args(JsonNode container) {
    List<String> args = new ArrayList<>();
    container.get("args").forEach(a -> args.add(a.asText()));
    return args;
  }

  private static String flag(List<String> args, String name) {
    int i = args.indexOf(name);
    assertThat(i).as("%s in %s", name, args).isNotNegative();
    return args.get(i + 1);
  }

  /** Volume mounts by path: the volume's definition, with the mount's readOnly as {@code mountReadOnly}. */
  private static Map<String, JsonNode> mounts(JsonNode workload) {
    Map<String, JsonNode> volumes = new HashMap<>();
    workload.at("/spec/template/spec/volumes").forEach(v -> volumes.put(v.get("name").asText(), v));
    workload.at("/spec/volumeClaimTemplates").forEach(v -> volumes.put(v.at("/metadata/name").asText(), v));
    Map<String, JsonNode> byPath = new HashMap<>();
    container(workload).get("volumeMounts").forEach(m -> {
      JsonNode v = volumes.get(m.get("name").asText()).deepCopy();
      ((ObjectNode) v).put("mountReadOnly", m.path("readOnly").asBoolean());
      byPath.put(m.get("mountPath").asText(), v);
    });
    return byPath;
  }

  @Test
  void shouldListEveryManifestInTheKustomizationAndRunOnlyCommandsTheLauncherAccepts() throws Exception {
    List<String> listed = new ArrayList<>();
    resource("kustomization.yaml").get("resources").forEach(r -> listed.add(r.asText()));
    try (var files = Files.list(DIR)) {
      assertThat(files.map(p -> p.getFileName().toString()).filter(f -> !f.equals("kustomization.yaml")))
          .containsExactlyInAnyOrderElementsOf(listed);
    }
    Map<String, String> commands = Map.of("topics-job.yaml", "topics", "ship-daemonset.yaml", "ship",
        "streams-statefulset.yaml", "streams", "sink-deployment.yaml", "sink");
    for (Map.Entry<String, String> e : commands.entrySet()) {
      List<String> args = args(container(resource(e.getKey())));
      CommandLine.ParseResult parsed = Main.commandLine().parseArgs(args.toArray(String[]::new));
      assertThat(parsed.subcommand().commandSpec().name()).as(e.getKey()).isEqualTo(e.getValue());
      assertThat(flag(args, "--config")).isEqualTo("/etc/conntrack-advisor/" + e.getValue() + ".properties");
    }
  }

  @Test
  void shouldGiveShipTheNodesProcJournalNetworkAndNameReadOnlyWithOnlyTheCapabilityItUses() throws Exception {
    JsonNode ds = resource("ship-daemonset.yaml");
    JsonNode pod = ds.at("/spec/template/spec");
    JsonNode ship = container(ds);
    List<String> args = args(ship);
    Map<String, JsonNode> mounts = mounts(ds);

    assertThat(ship.get("name").asText()).isEqualTo("ship");
    assertThat(pod.get("hostNetwork").asBoolean()).as("the node's table is that of its network namespace").isTrue();
    assertThat(pod.get("hostPID").asBoolean()).as("every process's namespace").isTrue();
    JsonNode proc = mounts.get(flag(args, "--proc-root"));
    assertThat(proc.at("/hostPath/path").asText()).isEqualTo("/proc");
    assertThat(proc.get("mountReadOnly").asBoolean()).isTrue();
    JsonNode journal = mounts.get(flag(args, "--journal-directory"));
    assertThat(journal.at("/hostPath/path").asText()).isEqualTo("/var/log/journal");
    assertThat(journal.get("mountReadOnly").asBoolean()).isTrue();
    JsonNode state = mounts.get(flag(args, "--state-dir"));
    assertThat(state.at("/hostPath/path").asText()).as("the checkpoint outlives the pod").startsWith("/var/lib/");
    assertThat(state.get("mountReadOnly").asBoolean()).isFalse();
    assertThat(mounts.get("/tmp").has("emptyDir")).as("the JVM's temp folder").isTrue();
    mounts.forEach((path, v) -> assertThat(v.get("mountReadOnly").asBoolean() || path.equals("/tmp")
        || v.equals(state)).as("only the state and /tmp are writable: %s", path).isTrue());

    JsonNode sc = ship.get("securityContext");
    assertThat(sc.get("readOnlyRootFilesystem").asBoolean()).isTrue();
    assertThat(sc.get("allowPrivilegeEscalation").asBoolean()).isFalse();
    assertThat(sc.path("privileged").asBoolean()).isFalse();
    assertThat(sc.at("/capabilities/drop").toString()).isEqualTo("[\"ALL\"]");
    assertThat(sc.at("/capabilities/add").toString()).as("reading /proc/<pid>/ns/net of other users' processes")
        .isEqualTo("[\"SYS_PTRACE\"]");

    Map<String, JsonNode> env = env(ship);
    assertThat(env.get(Settings.envName(ShipSettings.HOST)).at("/valueFrom/fieldRef/fieldPath").asText())
        .isEqualTo("spec.nodeName");
    assertThat(ship.has("command")).as("the image's launcher starts it, with deploy/jvm/ship.options").isFalse();
    assertProbes(ship, flag(args, "--metrics-port"));
    assertThat(ship.at("/resources/requests/memory").asText()).isNotEmpty();
    assertThat(ship.at("/resources/limits/memory").asText()).isNotEmpty();
    assertThat(ship.at("/resources/limits/cpu").asText()).isNotEmpty();
  }

  @Test
  void shouldKeepStreamsStateOnAVolumeAndProbeItsHealthAndReadiness() throws Exception {
    JsonNode sts = resource("streams-statefulset.yaml");
    JsonNode streams = container(sts);
    List<String> args = args(streams);

    JsonNode state = mounts(sts).get(flag(args, "--state-dir"));
    assertThat(state.at("/spec/accessModes/0").asText()).as("a volume claim of its own").isEqualTo("ReadWriteOnce");
    assertThat(state.get("mountReadOnly").asBoolean()).isFalse();
    assertProbes(streams, flag(args, "--metrics-port"));
    assertThat(env(streams).get(Settings.envName(StreamsSettings.METRICS_ADDRESS)).get("value").asText())
        .as("reachable by the kubelet").isEqualTo("0.0.0.0");
    assertThat(streams.at("/securityContext/readOnlyRootFilesystem").asBoolean()).isTrue();

    JsonNode sink = container(resource("sink-deployment.yaml"));
    assertProbes(sink, flag(args(sink), "--http-port"));
    assertThat(flag(args(sink), "--http-address")).isEqualTo("0.0.0.0");
    assertThat(mounts(resource("sink-deployment.yaml")).get(flag(args(sink), "--out"))
        .at("/persistentVolumeClaim/claimName").asText()).as("the dashboard's history survives the pod")
        .isEqualTo(resource("sink-pvc.yaml").at("/metadata/name").asText());
  }

  @Test
  void shouldOnlyConfigureRealSettings() throws Exception {
    JsonNode data = resource("configmap.yaml").get("data");
    Map<String, Set<String>> keys = Map.of("ship", ShipSettings.CONFIG.names(), "sink", SinkSettings.CONFIG.names(),
        "streams", StreamsSettings.CONFIG.names(), "topics", TopicsCommand.CONFIG.names());
    for (Map.Entry<String, Set<String>> e : keys.entrySet()) {
      Properties p = new Properties();
      p.load(new StringReader(data.get(e.getKey() + ".properties").asText()));
      assertThat(p.stringPropertyNames()).as(e.getKey()).isNotEmpty().allMatch(k -> e.getValue().contains(k));
    }
    for (String file : List.of("ship-daemonset.yaml", "streams-statefulset.yaml", "sink-deployment.yaml")) {
      String command = args(container(resource(file))).get(0);
      env(container(resource(file))).keySet().forEach(var -> assertThat(var.equals("KAFKA_BOOTSTRAP_SERVERS")
          || var.equals("JAVA_TOOL_OPTIONS") || keys.get(command).stream().map(Settings::envName)
          .anyMatch(var::equals)).as(file + " " + var).isTrue());
    }
  }

  private static Map<String, JsonNode> env(JsonNode container) {
    Map<String, JsonNode> env = new HashMap<>();
    container.get("env").forEach(e -> env.put(e.get("name").asText(), e));
    return env;
  }

  /** Liveness asks {@code /health} and readiness {@code /ready}, on the port the command serves them. */
  private static void assertProbes(JsonNode container, String port) {
    Map<String, String> named = new HashMap<>();
    container.get("ports").forEach(p -> named.put(p.get("name").asText(), p.get("containerPort").asText()));
    for (String[] probe : new String[][] {{"livenessProbe", "/health"}, {"readinessProbe", "/ready"}}) {
      JsonNode get = container.at("/" + probe[0] + "/httpGet");
      assertThat(get.get("path").asText()).as(probe[0]).isEqualTo(probe[1]);
      String p = get.get("port").asText();
      assertThat(named.getOrDefault(p, p)).as("%s port", probe[0]).isEqualTo(port);
    }
  }
}
