package io.conntrackadvisor.bench;

import io.conntrackadvisor.ingest.ShipMetrics;
import io.conntrackadvisor.model.Topics;
import io.conntrackadvisor.model.ops.OpsServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The agent as an operator runs it: {@code ship} in a JVM of its own with default settings (transactions with
 * checkpoints, acks=all, idempotent), its own topic prefix and state folder; its acknowledged lines are read from its
 * {@code /metrics}.
 */
final class AgentProcess implements Shipper {
  private static final String ACKNOWLEDGED = "conntrack_advisor_ship_" + ShipMetrics.Counter.ACKNOWLEDGED.metric();

  private final ChildJvm jvm;
  private final URL metrics;
  private final URL ready;
  private final String topic;

  private AgentProcess(ChildJvm jvm, URL metrics, String topic) throws IOException {
    this.jvm = jvm;
    this.metrics = metrics;
    this.ready = new URL(metrics, OpsServer.READY);
    this.topic = topic;
  }

  /**
   * Starts {@code ship} with its sources given by {@code sourceArgs} (e.g. {@code --syslog-file PATH}), the
   * sampler off, {@code settings} as {@code --set}, in a JVM started as deployed ({@code deploy/jvm/ship.options})
   * with {@code jvmOptions} added; its log goes to {@code dir/name.log}.
   */
  static AgentProcess start(String bootstrap, Path dir, String name, List<String> sourceArgs,
      Map<String, String> settings, List<String> jvmOptions) throws IOException {
    int port = freePort();
    String prefix = name + ".";
    List<String> args = new ArrayList<>(List.of("ship", "--bootstrap-servers", bootstrap, "--topic-prefix", prefix,
        "--state-dir", dir.resolve(name + "-state").toString(), "--host", "bench-" + name, "--no-sampler",
        "--metrics-port", String.valueOf(port)));
    args.addAll(sourceArgs);
    settings.forEach((k, v) -> args.addAll(List.of("--set", k + "=" + v)));
    ChildJvm jvm = ChildJvm.startAgent(ChildJvm.shipOptions(), jvmOptions, args, dir.resolve(name + ".log"));
    return new AgentProcess(jvm, new URL("http://127.0.0.1:" + port + OpsServer.METRICS),
        Topics.withPrefix(prefix).kernelMessages().name());
  }

  /** Waits until the agent is connected with its sources running (its {@code /ready} answers 200). */
  void awaitReady() throws IOException, InterruptedException {
    long deadline = System.nanoTime() + BenchShipCommand.FIRST_LINE.toNanos();
    while (System.nanoTime() < deadline) {
      try {
        HttpURLConnection c = (HttpURLConnection) ready.openConnection();
        c.setConnectTimeout(1000);
        c.setReadTimeout(5000);
        if (c.getResponseCode() == 200) {
          return;
        }
      } catch (IOException e) {
        if (!jvm.handle().isAlive()) {
          throw new IOException("the agent stopped; see its log", e);
        }
      }
      Thread.sleep(20);
    }
    throw new IOException("the agent was not ready within " + BenchShipCommand.FIRST_LINE);
  }

  @Override
  public ProcessHandle handle() {
    return jvm.handle();
  }

  /** The sum of {@code acknowledged_total} over its sources; 0 while its endpoint does not answer yet. */
  @Override
  public long acknowledged() {
    try {
      HttpURLConnection c = (HttpURLConnection) metrics.openConnection();
      c.setConnectTimeout(1000);
      c.setReadTimeout(5000);
      String body;
      try (InputStream in = c.getInputStream()) {
        body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      }
      long n = 0;
      for (String line : body.split("\n")) {
        if (line.startsWith(ACKNOWLEDGED)) {
          n += (long) Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
        }
      }
      return n;
    } catch (IOException e) {
      if (!jvm.handle().isAlive()) {
        throw new UncheckedIOException("the agent stopped; see its log", e);
      }
      return 0;
    }
  }

  @Override
  public String topic() {
    return topic;
  }

  @Override
  public void close() throws InterruptedException {
    jvm.close();
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}
