package io.conntrackadvisor.core.detect;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonValue;
import com.fasterxml.jackson.databind.JsonNode;
import io.conntrackadvisor.model.ConntrackSample;
import io.conntrackadvisor.model.SaturationLevel;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Everything the detectors remember about one host, bounded in size (open bursts and recent samples are capped).
 * Plain data: the offline analyzer keeps it in a map, the Streams application in a RocksDB store in
 * {@link HostStateCodec}'s form; {@link HostDetector} is the only code that changes it. Its JSON mapping is what
 * the tests compare states by and what the codec's benchmark encodes with Smile and CBOR.
 */
@JsonAutoDetect(fieldVisibility = JsonAutoDetect.Visibility.ANY, getterVisibility = JsonAutoDetect.Visibility.NONE,
    isGetterVisibility = JsonAutoDetect.Visibility.NONE)
@JsonIgnoreProperties(ignoreUnknown = true)
public final class HostState {
  /** A burst still open. */
  @JsonAutoDetect(fieldVisibility = JsonAutoDetect.Visibility.ANY)
  public static final class OpenBurst {
    Long netns;
    /** OpenVZ container number, when the kernel named one (left out of the JSON form when null). */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    Long vps;
    Instant start;
    Instant end;
    long messages;
    long suppressed;
    Instant lastEmitted;
  }

  /**
   * One recent sample point for the trend. Stored as an array {@code [epochSecond, nano, count, max]}: a host keeps
   * up to a few hundred of them and its state is written on every change, so field names and ISO dates would
   * make most of the bytes.
   */
  public record Point(Instant t, long count, long max) {
    @JsonValue
    long[] toArray() {
      return new long[] {t.getEpochSecond(), t.getNano(), count, max};
    }

    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    static Point fromJson(JsonNode n) {
      if (n.isArray() && n.size() == 4) {
        return new Point(Instant.ofEpochSecond(n.get(0).asLong(), n.get(1).asLong()), n.get(2).asLong(),
            n.get(3).asLong());
      }
      throw new IllegalArgumentException("not a trend point: " + n);
    }
  }

  String host;
  List<OpenBurst> openBursts = new ArrayList<>();
  Instant pendingSuppressedAt;
  long pendingSuppressed;
  ConntrackSample lastSample;
  List<Point> recent = new ArrayList<>();
  SaturationLevel level = SaturationLevel.OK;
  Instant forecastFullAt;
  long peakCount;
  Instant peakAt;
  Instant lastEventTime;
  // evidence, cumulative
  long bursts;
  long burstMessages;
  long burstSuppressed;
  Instant lastBurstEnd;
  Long lastBurstNetns;
  long counterDrops;
  long earlyDrops;
  long insertFailed;
  Instant lastDropAt;
  long sinceBootDrops;
  long counterResets;
  long hashPressure;
  long lateSamples;
  /** Fingerprint of the advice last published for the host; 0 when none was. */
  long issuedAdvice;

  HostState() {
  }

  /** A fresh state for {@code host}. */
  public static HostState forHost(String host) {
    HostState s = new HostState();
    s.host = host;
    return s;
  }

  public String host() {
    return host;
  }

  /** Newest event time seen for the host (messages or samples). */
  public Instant lastEventTime() {
    return lastEventTime;
  }

  /** The latest sample, or null. */
  public ConntrackSample lastSample() {
    return lastSample;
  }

  /** True while a burst is open. */
  public boolean hasOpenBurst() {
    return !openBursts.isEmpty();
  }

  /** Current saturation level. */
  public SaturationLevel level() {
    return level;
  }

  /** Forecast of the table being full, within the horizon, or null. */
  public Instant forecastFullAt() {
    return forecastFullAt;
  }

  /** Highest count seen. */
  public long peakCount() {
    return peakCount;
  }

  /** Bursts closed so far plus those open. */
  public long burstCount() {
    return bursts + openBursts.size();
  }

  /** Table-full lines in all bursts, closed and open. */
  public long burstMessages() {
    long n = burstMessages;
    for (OpenBurst b : openBursts) {
      n += b.messages;
    }
    return n;
  }

  /** Suppressed counts attributed to bursts, closed and open. */
  public long burstSuppressed() {
    long n = burstSuppressed;
    for (OpenBurst b : openBursts) {
      n += b.suppressed;
    }
    return n;
  }

  /** Namespace of the latest burst, when the kernel named it. */
  public Long lastBurstNetns() {
    Long ns = lastBurstNetns;
    Instant t = lastBurstEnd;
    for (OpenBurst b : openBursts) {
      if (t == null || b.end.isAfter(t)) {
        t = b.end;
        ns = b.netns;
      }
    }
    return ns;
  }

  /** Packets dropped according to counter deltas. */
  public long counterDrops() {
    return counterDrops;
  }

  /** Early drops according to counter deltas. */
  public long earlyDrops() {
    return earlyDrops;
  }

  /** Insert failures according to counter deltas. */
  public long insertFailed() {
    return insertFailed;
  }

  /** The drop counter of the first sample: drops since boot, before we watched. */
  public long sinceBootDrops() {
    return sinceBootDrops;
  }

  /** Insert failures and too-long chains seen while the table was under half full. */
  public long hashPressure() {
    return hashPressure;
  }

  /** Counter resets (reboots) seen. */
  public long counterResets() {
    return counterResets;
  }

  /** Samples that arrived older than the latest one. */
  public long lateSamples() {
    return lateSamples;
  }

  /**
   * The {@link io.conntrackadvisor.model.Recommendation#adviceFingerprint() fingerprint} of the advice last
   * published for this host, 0 when none was: the Streams application keeps it here, in the state it writes
   * anyway, to publish a recommendation only when the advice changes.
   */
  public long issuedAdvice() {
    return issuedAdvice;
  }

  /** Records which advice was published for this host (0: none any more). */
  public void issuedAdvice(long fingerprint) {
    this.issuedAdvice = fingerprint;
  }

  /** Recent samples within the trend window. */
  public List<Point> recent() {
    return List.copyOf(recent);
  }
}
