package io.conntrackadvisor.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.conntrackadvisor.model.KernelMessage;
import io.conntrackadvisor.model.Topics;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Syslog from a real sender ({@code logger} of util-linux, over UDP and TCP, RFC 5424 and 3164) and from a socket
 * with octet-counted framing arrives parsed; the counters are served as Prometheus text.
 */
class SyslogReceiverIT {
  private static final String TABLE_FULL = "nf_conntrack: table full, dropping packet";

  @TempDir
  Path tmp;

  @Test
  void shouldParseMessagesFromRealSendersOverUdpAndTcpInEveryFraming() throws Exception {
    String prefix = ItSupport.prefix("syslog");
    Map<String, String> s = ItSupport.agentSettings(ItSupport.bootstrap(), prefix, tmp.resolve("state"));
    s.put(ShipSettings.SYSLOG_UDP, "127.0.0.1:0");
    s.put(ShipSettings.SYSLOG_TCP, "127.0.0.1:0");
    s.put(ShipSettings.METRICS_PORT, "0");
    s.put(ShipSettings.METRICS_ADDRESS, "127.0.0.1");

    try (ItSupport.TopicReader reader = new ItSupport.TopicReader(ItSupport.bootstrap(),
        Topics.withPrefix(prefix).kernelMessages().name());
        ItSupport.RunningAgent running = new ItSupport.RunningAgent(s)) {
      int udp = running.agent.syslogUdpAddress().getPort();
      int tcp = running.agent.syslogTcpAddress().getPort();

      logger(udp, "--udp", TABLE_FULL + " udp-5424");
      logger(udp, "--udp", "--rfc3164", TABLE_FULL + " udp-3164");
      logger(tcp, "--tcp", TABLE_FULL + " tcp-newline");
      logger(tcp, "--tcp", "--octet-count", TABLE_FULL + " tcp-octet");
      sendOctetCounted(tcp, "<4>1 2026-03-02T08:14:55.200511Z lb-edge-2 kernel - - - " + TABLE_FULL + " socket-5424",
          "<4>Mar  2 08:14:56 old-nat-1 kernel: ip_conntrack: table full, dropping packet.");

      List<KernelMessage> got = new ArrayList<>(reader.awaitAtLeast(6, ItSupport.STEP).stream()
          .map(r -> TestRecords.message(r.value())).toList());

      // logger sends kern.warning as user.warning: user space may not claim the kernel facility
      assertThat(got).hasSize(6).allMatch(m -> "kernel".equals(m.identifier()) && m.priority() == 4
          && m.facility() <= 1 && !m.host().isBlank());
      assertThat(got).filteredOn(m -> m.source().equals("syslog-udp")).extracting(KernelMessage::message)
          .containsExactlyInAnyOrder(TABLE_FULL + " udp-5424", TABLE_FULL + " udp-3164");
      assertThat(got).filteredOn(m -> m.source().equals("syslog-tcp")).extracting(KernelMessage::message)
          .containsExactlyInAnyOrder(TABLE_FULL + " tcp-newline", TABLE_FULL + " tcp-octet",
              TABLE_FULL + " socket-5424", "ip_conntrack: table full, dropping packet.");
      assertThat(got).filteredOn(m -> m.message().endsWith("socket-5424"))
          .extracting(KernelMessage::host, KernelMessage::facility).containsExactly(tuple("lb-edge-2", 0));

      String metrics = get(running.agent.metricsAddress(), "/metrics");
      assertThat(metrics).contains("conntrack_advisor_ship_read_total{source=\"syslog-udp\"} 2.0")
          .contains("conntrack_advisor_ship_read_total{source=\"syslog-tcp\"} 4.0")
          .contains("conntrack_advisor_ship_connections_total{source=\"syslog-tcp\"} 3.0");
      assertThat(get(running.agent.metricsAddress(), "/health")).isEqualTo("running\n");
      assertThat(get(running.agent.metricsAddress(), "/ready")).isEqualTo("shipping\n");
    }
  }

  private static void logger(int port, String... options) throws Exception {
    List<String> argv = new ArrayList<>(List.of("logger", "--server", "127.0.0.1", "--port", String.valueOf(port),
        "-t", "kernel", "-p", "kern.warning"));
    argv.addAll(List.of(options));
    Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
    assertThat(p.waitFor(10, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8)).isZero();
  }

  private static void sendOctetCounted(int port, String... messages) throws Exception {
    StringBuilder frames = new StringBuilder();
    for (String m : messages) {
      frames.append(m.getBytes(StandardCharsets.UTF_8).length).append(' ').append(m);
    }
    try (Socket socket = new Socket("127.0.0.1", port); OutputStream out = socket.getOutputStream()) {
      out.write(frames.toString().getBytes(StandardCharsets.UTF_8));
    }
  }

  private static String get(InetSocketAddress address, String path) throws Exception {
    HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
        URI.create("http://127.0.0.1:" + address.getPort() + path)).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).isEqualTo(200);
    return r.body();
  }
}
