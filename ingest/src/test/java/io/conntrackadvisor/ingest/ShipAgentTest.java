package io.conntrackadvisor.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.conntrackadvisor.model.config.Settings;
import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the agent checks before it connects: nothing here needs a broker. */
class ShipAgentTest {
  @TempDir
  Path stateDir;

  private Map<String, String> settings() {
    Map<String, String> m = new HashMap<>();
    m.put(Settings.BOOTSTRAP_SERVERS, "127.0.0.1:1");
    m.put(ShipSettings.STATE_DIR, stateDir.toString());
    m.put(ShipSettings.JOURNALD, "false");
    m.put(ShipSettings.SAMPLER, "false");
    m.put(ShipSettings.HOST, "node-1");
    return m;
  }

  @Test
  void shouldFailAtConstructionWhenTheSyslogPortIsTaken() throws Exception {
    try (DatagramSocket taken = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
      Map<String, String> s = settings();
      s.put(ShipSettings.SYSLOG_UDP, "127.0.0.1:" + taken.getLocalPort());

      assertThatThrownBy(() -> new ShipAgent(Settings.of(s))).isInstanceOf(IOException.class)
          .hasMessageContaining("UDP syslog receiver");
    }
    // and the failed agent left the state folder free
    new ShipAgent(Settings.of(settings())).close();
  }

  @Test
  void shouldKeepASecondAgentOffTheStateFolderUntilTheFirstIsClosed() throws Exception {
    ShipAgent first = new ShipAgent(Settings.of(settings()));

    assertThatThrownBy(() -> new ShipAgent(Settings.of(settings()))).isInstanceOf(IllegalStateException.class);
    first.close();
    assertThat(first.awaitRunning(Duration.ofSeconds(1))).isFalse();
    new ShipAgent(Settings.of(settings())).close();
  }

  @Test
  void shouldBindListenersAtConstructionAndReportTheirPorts() throws Exception {
    Map<String, String> s = settings();
    s.put(ShipSettings.SYSLOG_UDP, "127.0.0.1:0");
    s.put(ShipSettings.SYSLOG_TCP, "127.0.0.1:0");
    s.put(ShipSettings.METRICS_PORT, "0");
    s.put(ShipSettings.METRICS_ADDRESS, "127.0.0.1");
    ShipAgent agent = new ShipAgent(Settings.of(s));
    try {
      assertThat(agent.host()).isEqualTo("node-1");
      assertThat(agent.syslogUdpAddress().getPort()).isPositive();
      assertThat(agent.syslogTcpAddress().getPort()).isPositive();
      assertThat(agent.metricsAddress().getPort()).isPositive();
    } finally {
      agent.close();
    }
  }
}
