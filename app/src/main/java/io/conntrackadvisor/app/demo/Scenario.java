package io.conntrackadvisor.app.demo;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;

/**
 * The classic incident, second by second: a Docker host whose {@code nf_conntrack_max} was set to 200 is put
 * under load ({@code ab -c 300 -n 1000}): the count climbs to the limit, the drop counter rises and the kernel
 * logs {@code table full, dropping packet} with {@code net_ratelimit} summaries. Beside it, an API gateway
 * climbs slowly towards its limit, and a database host stays healthy.
 */
final class Scenario {
  /** Seconds the scenario runs. */
  static final int SECONDS = 24;

  final SimulatedHost docker;
  final SimulatedHost gateway;
  final SimulatedHost database;
  private final Random rnd = new Random(7);

  Scenario(Path workDir) throws IOException {
    // max lowered by hand to 200 (buckets stay at the boot-time 65536), as on the seed incident's host
    docker = new SimulatedHost(workDir, "docker-web-1", 200, 65_536, 8_131_548, "6.1.0-28-amd64", 4);
    gateway = new SimulatedHost(workDir, "api-gw-2", 262_144, 262_144, 16_365_060, "5.15.0-1111-azure", 8);
    database = new SimulatedHost(workDir, "db-1", 262_144, 262_144, 4_039_168, "6.1.0-28-amd64", 2);
  }

  List<SimulatedHost> hosts() {
    return List.of(docker, gateway, database);
  }

  /** Advances every host to second {@code t}. */
  void tick(int t) throws IOException {
    // ab starts at t = 2; 300 concurrent clients fill 200 entries within seconds, then every new one is dropped
    long dockerCount = t < 2 ? 12 : Math.min(200, 12 + 40L * (t - 1));
    if (t >= 6 && t <= 16) {
      docker.addDrops(90 + rnd.nextInt(40));
      for (int i = 0; i < 3; i++) {
        docker.kernelLine("nf_conntrack: table full, dropping packet");
      }
      if (t % 4 == 0) {
        docker.kernelLine("net_ratelimit: " + (300 + rnd.nextInt(200)) + " callbacks suppressed");
      }
    }
    docker.setCount(dockerCount);
    // 70 % climbing by about 0.5 point a second: the trend reaches the limit within the hour
    gateway.setCount(Math.round(gateway.max * (0.70 + 0.005 * t)) + rnd.nextInt(200));
    database.setCount(Math.round(database.max * 0.30) + rnd.nextInt(2000));
  }
}
