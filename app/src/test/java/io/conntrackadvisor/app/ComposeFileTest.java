package io.conntrackadvisor.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.conntrackadvisor.ingest.ShipSettings;
import io.conntrackadvisor.model.config.Settings;
import io.conntrackadvisor.sink.SinkSettings;
import io.conntrackadvisor.streams.StreamsSettings;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * docker-compose.yml cannot run here (no Docker engine), so its services are checked against the launcher:
 * every command parses with the real options, every environment variable names a real setting.
 * ({@code docker-compose config} validates the file's schema in bin/test.)
 */
class ComposeFileTest {
  private static final Path ROOT = Path.of(System.getProperty("fixtures.dir")).getParent().getParent();

  private static JsonNode compose() throws Exception {
    return new ObjectMapper(new YAMLFactory()).readTree(ROOT.resolve("docker-compose.yml").toFile());
  }

  @Test
  void shouldRunEveryAppServiceWithOptionsTheLauncherAccepts() throws Exception {
    JsonNode services = compose().get("services");
    List<String> checked = new ArrayList<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = services.fields(); it.hasNext();) {
      Map.Entry<String, JsonNode> e = it.next();
      JsonNode svc = e.getValue();
      // the app services share an anchor (<<: *app, which this YAML reader does not merge); Kafka's do not
      if (svc.has("image") && svc.get("image").asText().startsWith("apache/kafka")) {
        continue;
      }
      List<String> args = new ArrayList<>();
      svc.get("command").forEach(a -> args.add(a.asText()));
      CommandLine.ParseResult parsed = Main.commandLine().parseArgs(args.toArray(String[]::new));
      assertThat(parsed.hasSubcommand()).as(e.getKey()).isTrue();
      assertThat(parsed.subcommand().commandSpec().name()).isEqualTo(e.getKey());
      checked.add(e.getKey());
    }
    assertThat(checked).containsExactlyInAnyOrder("topics", "streams", "sink", "ship", "demo");
  }

  @Test
  void shouldOnlySetEnvironmentVariablesThatNameRealSettings() throws Exception {
    Map<String, Set<String>> keys = Map.of("ship", ShipSettings.CONFIG.names(), "sink", SinkSettings.CONFIG.names(),
        "streams", StreamsSettings.CONFIG.names());
    JsonNode services = compose().get("services");
    for (String name : keys.keySet()) {
      JsonNode env = services.get(name).get("environment");
      if (env == null) {
        continue;
      }
      env.fieldNames().forEachRemaining(var -> assertThat(var.equals("KAFKA_BOOTSTRAP_SERVERS")
          || keys.get(name).stream().map(Settings::envName).anyMatch(var::equals)).as(name + " " + var).isTrue());
    }
  }

  @Test
  void shouldMountTheHostProcReadOnlyForTheAgent() throws Exception {
    JsonNode ship = compose().get("services").get("ship");
    List<String> volumes = new ArrayList<>();
    ship.get("volumes").forEach(v -> volumes.add(v.asText()));
    assertThat(volumes).contains("/proc:/host/proc:ro", "/var/log/journal:/var/log/journal:ro");
    assertThat(ship.get("command").toString()).contains("\"--proc-root\",\"/host/proc\"");
  }
}
