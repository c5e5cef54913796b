package io.conntrackadvisor.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.conntrackadvisor.ingest.ShipSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code ship}'s flags as the agent's settings see them. */
class ShipCommandTest {
  @TempDir
  Path dir;

  private ShipSettings settings(String... args) throws Exception {
    CommandLine cl = Main.commandLine();
    CommandLine.ParseResult parsed = cl.parseArgs(args);
    ShipCommand ship = (ShipCommand) parsed.subcommand().commandSpec().userObject();
    return ShipSettings.from(ship.settings());
  }

  @Test
  void shouldOnlySampleWithSamplesOnlyWhateverTheConfigFileSays() throws Exception {
    Path config = dir.resolve("ship.properties");
    Files.writeString(config, "kmsg.enabled=true\nsyslog.files=/var/log/kern.log\nsyslog.udp=127.0.0.1:5514\n"
        + "journald.enabled=true\nsample.enabled=false\n");

    ShipSettings s = settings("ship", "--bootstrap-servers", "kafka:9092", "--config", config.toString(),
        "--state-dir", dir.toString(), "--samples-only");

    assertThat(s.journald()).isFalse();
    assertThat(s.kmsg()).isFalse();
    assertThat(s.syslogFiles()).isEmpty();
    assertThat(s.syslogUdp()).isNull();
    assertThat(s.syslogTcp()).isNull();
    assertThat(s.journalFiles()).isEmpty();
    assertThat(s.sampler()).isTrue();
  }

  @Test
  void shouldRefuseSamplesOnlyWithALogSource() {
    assertThatThrownBy(() -> settings("ship", "--bootstrap-servers", "kafka:9092", "--samples-only", "--kmsg"))
        .isInstanceOf(CommandLine.ParameterException.class).hasMessageContaining("--samples-only reads no logs");
  }
}
