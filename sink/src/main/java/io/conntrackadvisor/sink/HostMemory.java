package io.conntrackadvisor.sink;

import io.conntrackadvisor.model.ConntrackSample;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Each host's RAM as its newest sample reported it: what the memory check of a recommendation compares against. */
final class HostMemory {
  private final Map<String, Long> bytesByHost = new ConcurrentHashMap<>();

  /** Remembers the RAM a sample reports (samples without it change nothing). */
  void learn(ConntrackSample sample) {
    Long bytes = sample.memTotalBytes();
    if (bytes != null && bytes > 0) {
      bytesByHost.put(sample.host(), bytes);
    }
  }

  /** The host's RAM in bytes, or null when no sample told it. */
  Long of(String host) {
    return bytesByHost.get(host);
  }
}
