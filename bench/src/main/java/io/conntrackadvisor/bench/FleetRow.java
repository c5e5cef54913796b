package io.conntrackadvisor.bench;

import java.util.List;
import java.util.Locale;

/**
 * One fleet size's figures in {@code bench-fleet}.
 *
 * @param agents         agents running
 * @param jvms           child JVMs they ran in
 * @param brokerCores    broker CPU seconds per second in the window
 * @param idleCores      the same before any agent ran (controller, the watching consumer)
 * @param p50Millis      send-to-visible (read_committed) latency, median, of records sent in the window
 * @param p99Millis      the same, 99th percentile
 * @param maxMillis      the same, highest
 * @param recordsPerSec  records sent per second in the window
 * @param acknowledged   records the agents counted as committed
 * @param distinct       distinct records read back
 * @param repeated       records read back more than once
 * @param lost           acknowledged records not read back
 * @param dropped        records the agents gave up on (buffer full, shutdown)
 */
record FleetRow(int agents, int jvms, double brokerCores, double idleCores, long p50Millis, long p99Millis,
    long maxMillis, double recordsPerSec, long acknowledged, long distinct, long repeated, long lost, long dropped) {

  /** Broker CPU milliseconds per second that one agent adds. */
  double perAgentMillis() {
    return (brokerCores - idleCores) * 1000 / agents;
  }

  String line() {
    return String.format(Locale.ROOT, "%d agents (%d JVMs): broker %.3f cores (idle %.3f) = %.3f ms CPU per agent "
        + "per s; send to visible p50 %d ms, p99 %d ms, max %d ms; %.0f records/s; acknowledged %d, read back %d, "
        + "repeated %d, lost %d, dropped %d", agents, jvms, brokerCores, idleCores, perAgentMillis(), p50Millis,
        p99Millis, maxMillis, recordsPerSec, acknowledged, distinct, repeated, lost, dropped);
  }

  static void printTable(List<FleetRow> rows) {
    System.out.println();
    System.out.println("| agents | broker CPU, cores (idle) | per agent, ms CPU/s | agents per broker core "
        + "| records/s | send to visible p50 / p99 / max | lost | repeated | dropped |");
    System.out.println("|---|---|---|---|---|---|---|---|---|");
    for (FleetRow r : rows) {
      System.out.printf(Locale.ROOT, "| %d | %.3f (%.3f) | %.3f | %.0f | %.0f | %d / %d / %d ms | %d | %d | %d |%n",
          r.agents, r.brokerCores, r.idleCores, r.perAgentMillis(), 1000 / r.perAgentMillis(), r.recordsPerSec,
          r.p50Millis, r.p99Millis, r.maxMillis, r.lost, r.repeated, r.dropped);
    }
  }
}
