package io.conntrackadvisor.bench;

import java.util.List;
import java.util.Locale;

/**
 * One shipper's figures in {@code bench-ship}.
 *
 * @param name            shipper and input
 * @param lines           lines offered
 * @param linesPerSecond  lines acknowledged per second, from the start (the process's, or the first line sent)
 *                        until the broker acknowledged the last
 * @param firstSeconds    seconds from that start until the first line was acknowledged
 * @param lost            lines never written (read back with read_committed)
 * @param duplicated      lines written more than once
 * @param foreign         records that are no line of the bench
 * @param cpuPerMillion   CPU seconds of the shipper's processes per million lines acknowledged
 * @param peakRssMiB      peak resident memory of the shipper's processes
 */
record ShipRow(String name, long lines, double linesPerSecond, double firstSeconds, long lost, long duplicated,
    long foreign, double cpuPerMillion, long peakRssMiB) {

  String line() {
    return String.format(Locale.ROOT, "%s: %.0f lines/s, first line after %.2f s, lost %d, duplicated %d%s, "
        + "%.2f CPU s per million lines, peak RSS %d MiB", name, linesPerSecond, firstSeconds, lost, duplicated,
        foreign == 0 ? "" : ", " + foreign + " other records", cpuPerMillion, peakRssMiB);
  }

  static void printTable(List<ShipRow> rows) {
    System.out.println();
    System.out.println("| shipper, input | lines | lines/s | first line acknowledged | lost | duplicated "
        + "| CPU s per 1M lines | peak RSS |");
    System.out.println("|---|---|---|---|---|---|---|---|");
    for (ShipRow r : rows) {
      System.out.printf(Locale.ROOT, "| %s | %d | %.0f | %.2f s | %d | %d | %.2f | %d MiB |%n", r.name, r.lines,
          r.linesPerSecond, r.firstSeconds, r.lost, r.duplicated, r.cpuPerMillion, r.peakRssMiB);
    }
  }
}
