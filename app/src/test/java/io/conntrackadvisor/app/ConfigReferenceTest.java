package io.conntrackadvisor.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * docs/configuration.md is the reference rendered from the commands' definitions. After a change to a definition,
 * write it again with {@code mvn -pl app -am test -Dtest=ConfigReferenceTest -Ddocs.write=true}.
 */
class ConfigReferenceTest {
  private static final Path DOC = Path.of(System.getProperty("fixtures.dir")).getParent().getParent()
      .resolve("docs/configuration.md");

  @Test
  void shouldDocumentEveryKeyAsItsDefinitionSays() throws Exception {
    String rendered = ConfigReference.markdown();
    if (Boolean.getBoolean("docs.write")) {
      Files.writeString(DOC, rendered, StandardCharsets.UTF_8);
    }
    assertThat(Files.readString(DOC, StandardCharsets.UTF_8)).as("docs/configuration.md, rendered from the "
        + "definitions (write it again with -Ddocs.write=true)").isEqualTo(rendered);
    assertThat(rendered).contains("| `buffer.max.bytes` | `2m` |", "| `bootstrap.servers` | none |",
        "| `webhook.format` | `generic` |", "| `saturation.warning` | `0.75` |");
  }
}
