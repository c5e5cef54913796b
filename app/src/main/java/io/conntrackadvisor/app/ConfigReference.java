package io.conntrackadvisor.app;

import io.conntrackadvisor.ingest.ShipSettings;
import io.conntrackadvisor.model.config.Settings;
import io.conntrackadvisor.sink.SinkSettings;
import io.conntrackadvisor.streams.StreamsSettings;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.kafka.common.config.ConfigDef;

/**
 * The reference of every command's settings, rendered from their definitions (docs/configuration.md is this text;
 * ConfigReferenceTest keeps the two equal).
 */
final class ConfigReference {
  private ConfigReference() {
  }

  /** Each command and the definitions of its keys, in the order of the pipeline. */
  static Map<String, ConfigDef> commands() {
    Map<String, ConfigDef> m = new LinkedHashMap<>();
    m.put("ship", ShipSettings.CONFIG);
    m.put("streams", StreamsSettings.CONFIG);
    m.put("sink", SinkSettings.CONFIG);
    m.put("topics", TopicsCommand.CONFIG);
    return m;
  }

  /** The whole reference in Markdown. */
  static String markdown() {
    StringBuilder b = new StringBuilder();
    b.append("# Configuration\n\n");
    b.append("Generated from the commands' definitions (`ConfigReference`; `ConfigReferenceTest` checks this file).\n");
    b.append("Each key is read from, in order: its default, the `--config` properties file, the environment variable ");
    b.append("`").append(Settings.ENV_PREFIX).append("<KEY>` (upper case, dots as underscores; ");
    b.append("`KAFKA_BOOTSTRAP_SERVERS` too), and flags (`--set KEY=VALUE` reaches every key). A blank value keeps ");
    b.append("the default. Every `kafka.`-prefixed key goes to the Kafka clients without the prefix. Durations: ");
    b.append("`500ms`, `10s`, `15m`, `1h`, `7d`; sizes: `65536`, `64k`, `16m`, `1g`.\n");
    commands().forEach((command, def) -> {
      b.append("\n## `").append(command).append("`\n\n");
      b.append("| key | default | valid values | importance | what it does |\n|---|---|---|---|---|\n");
      List<ConfigDef.ConfigKey> keys = new ArrayList<>(def.configKeys().values());
      keys.sort(Comparator.comparing((ConfigDef.ConfigKey k) -> k.importance).thenComparing(k -> k.name));
      for (ConfigDef.ConfigKey k : keys) {
        b.append("| `").append(k.name).append("` | ").append(shownDefault(k)).append(" | ")
            .append(k.validator == null ? k.type.name().toLowerCase(Locale.ROOT) : cell(k.validator.toString()))
            .append(" | ").append(k.importance.name().toLowerCase(Locale.ROOT)).append(" | ")
            .append(cell(k.documentation)).append(" |\n");
      }
    });
    return b.toString();
  }

  private static String shownDefault(ConfigDef.ConfigKey k) {
    if (!k.hasDefault()) {
      return "required";
    }
    if (k.defaultValue == null) {
      return "none";
    }
    String v = ConfigDef.convertToString(k.defaultValue, k.type);
    String tmp = System.getProperty("java.io.tmpdir");
    if (v.startsWith(tmp)) { // the machine's temp folder, not a fixed text
      return "`" + v.substring(tmp.length()).replaceFirst("^/", "") + "` in the temp folder";
    }
    return v.isEmpty() ? "empty" : "`" + v + "`";
  }

  private static String cell(String text) {
    return text.replace("|", "\\|").replace("\n", " ");
  }
}
