package io.conntrackadvisor.bench;

import io.conntrackadvisor.model.config.Sizes;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code generate-logs}: writes a large, realistic mixed syslog file (RFC 3164 and rsyslog ISO lines from many
 * hosts, mostly unrelated daemons, with table-full bursts and rate-limit summaries) for benchmarks.
 */
@Command(name = "generate-logs", mixinStandardHelpOptions = true,
    description = "Writes a mixed syslog file of about --size bytes for benchmarks.")
final class GenerateLogsCommand implements Callable<Integer> {
  private static final DateTimeFormatter BSD = DateTimeFormatter.ofPattern("MMM ppd HH:mm:ss", Locale.ROOT);
  private static final String[] OTHER = {
      "systemd[1]: Started Session %d of user ansible.",
      "dockerd[912]: time=\"2026-07-17T14:55:12.004Z\" level=info msg=\"ignoring event\" module=libcontainerd id=%d",
      "sshd[%d]: Accepted publickey for deploy from 10.0.4.17 port 51234 ssh2: ED25519 SHA256:Zm9vYmFy",
      "kubelet[2231]: I0717 14:55:12.004 %d kubelet_pods.go:1080] \"Clean up pod dirs\" pod=\"default/web-7f9c\"",
      "CRON[%d]: (root) CMD (/usr/local/bin/backup.sh > /dev/null 2>&1)",
      "kernel: [%d.123456] IPv6: ADDRCONF(NETDEV_CHANGE): veth3a1f2c9: link becomes ready",
      "kernel: [%d.654321] docker0: port 3(veth3a1f2c9) entered forwarding state",
      "containerd[870]: time=\"2026-07-17T14:55:13Z\" level=info msg=\"shim disconnected\" id=%d"};

  @Option(names = "--size", defaultValue = "1g", description = "Approximate size: 500m, 1g, ... (default 1g).")
  String size;

  @Option(names = "--out", required = true, description = "Output file.")
  Path out;

  @Option(names = "--hosts", defaultValue = "200", description = "Number of hosts (default ${DEFAULT-VALUE}).")
  int hosts;

  @Override
  public Integer call() throws IOException {
    long target;
    try {
      target = Sizes.parse(size);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("--size must look like 500m or 1g, got '" + size + "'", e);
    }
    Random rnd = new Random(1);
    LocalDateTime t = LocalDateTime.of(2026, 7, 17, 0, 0);
    long written = 0;
    long lines = 0;
    long tableFull = 0;
    try (OutputStream os = new BufferedOutputStream(Files.newOutputStream(out), 1 << 20)) {
      while (written < target) {
        t = t.plusNanos(1_000_000L + rnd.nextInt(20_000_000));
        String host = "node-" + rnd.nextInt(hosts);
        int pick = rnd.nextInt(1000);
        String body;
        if (pick < 10) {
          body = "kernel: nf_conntrack: table full, dropping packet";
          tableFull++;
        } else if (pick < 11) {
          body = "kernel: net_ratelimit: " + rnd.nextInt(5000) + " callbacks suppressed";
        } else {
          body = String.format(Locale.ROOT, OTHER[rnd.nextInt(OTHER.length)], rnd.nextInt(100_000));
        }
        String line = (rnd.nextBoolean() ? t.format(BSD)
            : t.atOffset(ZoneOffset.UTC).toInstant().toString().replace("Z", "+00:00")) + " " + host + " " + body
            + "\n";
        byte[] b = line.getBytes(StandardCharsets.UTF_8);
        os.write(b);
        written += b.length;
        lines++;
      }
    }
    System.err.printf(Locale.ROOT, "wrote %s: %d bytes, %d lines, %d table-full lines, up to %s%n", out, written,
        lines, tableFull, Instant.from(t.atOffset(ZoneOffset.UTC)));
    return 0;
  }
}
