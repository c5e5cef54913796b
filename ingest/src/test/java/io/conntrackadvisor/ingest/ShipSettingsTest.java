package io.conntrackadvisor.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.conntrackadvisor.model.config.Settings;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ShipSettingsTest {

  private static ShipSettings from(String... keyValues) {
    Map<String, String> m = new HashMap<>();
    m.put(Settings.BOOTSTRAP_SERVERS, "127.0.0.1:9092");
    for (int i = 0; i < keyValues.length; i += 2) {
      m.put(keyValues[i], keyValues[i + 1]);
    }
    return ShipSettings.from(Settings.of(m));
  }

  @Test
  void shouldApplyTheDocumentedDefaults() {
    ShipSettings s = from();

    assertThat(s.journald()).isTrue();
    assertThat(s.journalctl()).isEqualTo("journalctl");
    assertThat(s.journalAll()).isFalse();
    assertThat(s.sampler()).isTrue();
    assertThat(s.procRoot()).isEqualTo(Path.of("/proc"));
    assertThat(s.sampleInterval()).isEqualTo(Duration.ofSeconds(10));
    assertThat(s.statesInterval()).isEqualTo(Duration.ofSeconds(60));
    assertThat(s.stateDir()).isEqualTo(Path.of("/var/lib/conntrack-advisor/ship"));
    assertThat(s.bufferMaxBytes()).isEqualTo(2L << 20);
    assertThat(s.maxLineBytes()).isEqualTo(65_536);
    assertThat(s.bufferMaxRecords()).isEqualTo(20_000);
    assertThat(s.batchMaxRecords()).isEqualTo(5_000);
    assertThat(s.metricsPort()).isNull();
    assertThat(s.syslogUdp()).isNull();
    assertThat(s.transactionalIdFor("node-1")).isEqualTo("conntrack-advisor-ship-node-1");
  }

  @Test
  void shouldSplitRepeatableFlagsGivenAsCommaSeparatedValues() {
    ShipSettings s = from(ShipSettings.JOURNAL_FILES, "/j/a.journal, /j/b.journal",
        ShipSettings.SYSLOG_FILES, "/var/log/kern.log,,/var/log/messages");

    assertThat(s.journalFiles()).containsExactly(Path.of("/j/a.journal"), Path.of("/j/b.journal"));
    assertThat(s.syslogFiles()).containsExactly(Path.of("/var/log/kern.log"), Path.of("/var/log/messages"));
  }

  @Test
  void shouldTurnJournaldOffInAutoModeWhenOnlySyslogSourcesAreGiven() {
    assertThat(from(ShipSettings.SYSLOG_UDP, "127.0.0.1:5514").journald()).isFalse();
    assertThat(from(ShipSettings.SYSLOG_UDP, "127.0.0.1:5514", ShipSettings.JOURNAL_DIRECTORY, "/j").journald())
        .isTrue();
    assertThat(from(ShipSettings.SYSLOG_UDP, "127.0.0.1:5514", ShipSettings.JOURNALD, "true").journald()).isTrue();
    assertThat(from(ShipSettings.JOURNALD, "false").journald()).isFalse();
  }

  @Test
  void shouldLeaveKmsgOffAndSampleNamespacesByDefault() {
    ShipSettings s = from();

    assertThat(s.kmsg()).isFalse();
    assertThat(s.kmsgPath()).isEqualTo(Path.of("/dev/kmsg"));
    assertThat(s.kmsgAll()).isFalse();
    assertThat(s.namespaces()).isTrue();
    assertThat(s.namespacesRescan()).isEqualTo(Duration.ofSeconds(60));
  }

  @Test
  void shouldFallBackToConntrackOnThePathUnlessTheCommandIsNone() {
    assertThat(from().conntrackCommand()).isEqualTo("conntrack");
    assertThat(from(ShipSettings.CONNTRACK_COMMAND, "/usr/sbin/conntrack").conntrackCommand())
        .isEqualTo("/usr/sbin/conntrack");
    assertThat(from(ShipSettings.CONNTRACK_COMMAND, "none").conntrackCommand()).isNull();
    assertThat(from(ShipSettings.CONNTRACK_COMMAND, "").conntrackCommand()).as("blank: the default")
        .isEqualTo("conntrack");
  }

  @Test
  void shouldTurnJournaldOffInAutoModeWhenKmsgIsOnAsBothReadTheSameRingBuffer() {
    assertThat(from(ShipSettings.KMSG, "true").journald()).isFalse();
    assertThat(from(ShipSettings.KMSG, "true", ShipSettings.JOURNALD, "true").journald()).isTrue();
  }

  @Test
  void shouldParseListenAddressesIncludingIpv6() {
    ShipSettings s = from(ShipSettings.SYSLOG_UDP, "127.0.0.1:5514", ShipSettings.SYSLOG_TCP, "[::1]:0");

    assertThat(s.syslogUdp()).isEqualTo(new InetSocketAddress("127.0.0.1", 5514));
    assertThat(s.syslogTcp().getPort()).isZero();
    assertThat(s.syslogTcp().getAddress().getHostAddress()).isEqualTo("0:0:0:0:0:0:0:1");
  }

  @Test
  void shouldPassKafkaPrefixedKeysThroughAndTakeTheTransactionalIdFromThem() {
    ShipSettings s = from("kafka.security.protocol", "SSL", "kafka.transactional.id", "my-agent",
        Settings.TOPIC_PREFIX, "team-a.");

    assertThat(s.kafka()).containsEntry("security.protocol", "SSL").containsEntry("bootstrap.servers",
        "127.0.0.1:9092");
    assertThat(s.transactionalIdFor("node-1")).isEqualTo("my-agent");
    assertThat(from(Settings.TOPIC_PREFIX, "team-a.").transactionalIdFor("node-1"))
        .isEqualTo("conntrack-advisor-ship-team-a.node-1");
  }

  @Test
  void shouldNameTheKeyOfAnInvalidValue() {
    assertThatThrownBy(() -> from(ShipSettings.SAMPLE_INTERVAL, "0s"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(ShipSettings.SAMPLE_INTERVAL);
    assertThatThrownBy(() -> from(ShipSettings.SYSLOG_TCP, "localhost"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(ShipSettings.SYSLOG_TCP);
    assertThatThrownBy(() -> from(ShipSettings.MAX_LINE_BYTES, "10000000"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(ShipSettings.MAX_LINE_BYTES);
    assertThatThrownBy(() -> from(ShipSettings.JOURNALD, "maybe"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(ShipSettings.JOURNALD);
    assertThatThrownBy(() -> ShipSettings.from(Settings.of(Map.of())))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(Settings.BOOTSTRAP_SERVERS);
  }

  @Test
  void shouldReadSizesWithTheirUnit() {
    assertThat(from(ShipSettings.BUFFER_MAX_BYTES, "64k").bufferMaxBytes()).isEqualTo(65_536);
    assertThat(from(ShipSettings.BUFFER_MAX_BYTES, "1048576").bufferMaxBytes()).isEqualTo(1 << 20);
    assertThatThrownBy(() -> from(ShipSettings.BUFFER_MAX_BYTES, "lots"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(ShipSettings.BUFFER_MAX_BYTES);
  }
}
