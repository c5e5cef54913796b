package io.conntrackadvisor.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.conntrackadvisor.ingest.ShipSettings;
import io.conntrackadvisor.sink.SinkSettings;
import io.conntrackadvisor.streams.StreamsSettings;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import org.apache.kafka.common.config.ConfigDef;
import org.junit.jupiter.api.Test;

/** The example config files under deploy/config name only real settings, and every setting is documented. */
class ExampleConfigTest {
  private static final Path CONFIG = Path.of(System.getProperty("fixtures.dir")).getParent().getParent()
      .resolve("deploy/config");

  private static List<String> keysIncludingCommented(String file) throws Exception {
    return Files.readAllLines(CONFIG.resolve(file)).stream()
        .map(l -> l.startsWith("#") ? l.substring(1) : l)
        .filter(l -> l.matches("[a-z][a-z0-9._-]*=.*"))
        .map(l -> l.substring(0, l.indexOf('=')))
        .toList();
  }

  private static void check(String file, Set<String> known) throws Exception {
    List<String> keys = keysIncludingCommented(file);
    assertThat(keys).allMatch(k -> known.contains(k) || k.startsWith("kafka."), file + " names only real keys");
    assertThat(keys).as(file + " documents every key").containsAll(known.stream()
        .filter(k -> !k.equals("transactional.id") && !k.equals("metrics.address") && !k.equals("topics.create")
            && !k.equals("state.flush.interval"))
        .toList());
    Properties p = new Properties();
    try (Reader r = Files.newBufferedReader(CONFIG.resolve(file))) {
      p.load(r);
    }
    assertThat(p).isNotEmpty();
  }

  /** Every key a file sets is defined, with the definition's default (keys without one are examples). */
  private static void checkDefaults(String file, ConfigDef def) throws Exception {
    Properties p = new Properties();
    try (Reader r = Files.newBufferedReader(CONFIG.resolve(file))) {
      p.load(r);
    }
    for (String key : p.stringPropertyNames()) {
      if (key.startsWith("kafka.")) {
        continue;
      }
      ConfigDef.ConfigKey k = def.configKeys().get(key);
      assertThat(k).as(file + ": " + key + " is defined").isNotNull();
      if (k.hasDefault() && k.defaultValue != null) {
        Object shown = p.getProperty(key).isBlank() ? "" : ConfigDef.parseType(key, p.getProperty(key), k.type);
        assertThat(shown).as(file + ": " + key + " shows its default").isEqualTo(k.defaultValue);
      }
    }
  }

  @Test
  void shouldDocumentTheShipSettings() throws Exception {
    check("ship.properties", ShipSettings.CONFIG.names());
    checkDefaults("ship.properties", ShipSettings.CONFIG);
  }

  @Test
  void shouldDocumentTheStreamsSettings() throws Exception {
    check("streams.properties", StreamsSettings.CONFIG.names());
    checkDefaults("streams.properties", StreamsSettings.CONFIG);
  }

  @Test
  void shouldDocumentTheSinkSettings() throws Exception {
    check("sink.properties", SinkSettings.CONFIG.names());
    checkDefaults("sink.properties", SinkSettings.CONFIG);
  }
}
