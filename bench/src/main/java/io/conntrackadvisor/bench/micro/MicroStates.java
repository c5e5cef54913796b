package io.conntrackadvisor.bench.micro;

import io.conntrackadvisor.core.detect.DetectorConfig;
import io.conntrackadvisor.core.detect.HostDetector;
import io.conntrackadvisor.core.detect.HostState;
import io.conntrackadvisor.core.detect.HostStateCodec;
import io.conntrackadvisor.core.proc.ProcReader;
import io.conntrackadvisor.model.ConntrackSample;
import io.conntrackadvisor.model.Json;
import io.conntrackadvisor.model.KernelMessage;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;

/** Host states for the micro-benchmarks, made by the detector from this machine's own sample. */
public final class MicroStates {
  private static final Instant T0 = Instant.parse("2026-11-25T10:00:00Z");

  private MicroStates() {
  }

  /**
   * A busy host: 90 samples of this machine's /proc (every counter, sysctl and namespace it has) ten seconds
   * apart with a count that climbs, and a burst of table-full lines still open: what a host in trouble keeps.
   */
  public static HostState busyHost() throws IOException {
    ConntrackSample real = new ProcReader(Path.of("/proc")).read("bench-host", T0, null);
    HostDetector detector = new HostDetector(DetectorConfig.defaults().withPromptBursts(Duration.ofSeconds(10)));
    HostState st = HostState.forHost("bench-host");
    long max = Math.max(real.max(), 65_536);
    for (int i = 0; i < 90; i++) {
      long count = max / 2 + (max / 2) * i / 90;
      detector.onSample(st, new ConntrackSample(real.host(), T0.plusSeconds(10L * i), count, max, real.buckets(),
          real.memTotalBytes(), real.cpus(), real.kernelRelease(), real.stats(), real.sysctls(), real.states(),
          real.namespaces()));
    }
    for (int i = 0; i < 20; i++) {
      detector.onMessage(st, new KernelMessage("bench-host", T0.plusSeconds(900 + i), null, 4, 0, "kernel",
          "journald", "kernel", "nf_conntrack: table full, dropping packet", null));
    }
    return st;
  }

  /** The busy host's state in bytes, written by the codec and by each Jackson format the codec bench compares. */
  public static void printSizes(PrintStream out) throws IOException {
    HostState st = busyHost();
    out.printf(Locale.ROOT, "busy host's state: hand codec %d bytes, Smile %d, CBOR %d, JSON %d%n",
        HostStateCodec.encode(st).length, HostStateCodecBench.SMILE.writeValueAsBytes(st).length,
        HostStateCodecBench.CBOR.writeValueAsBytes(st).length, Json.writeBytes(st).length);
  }
}
