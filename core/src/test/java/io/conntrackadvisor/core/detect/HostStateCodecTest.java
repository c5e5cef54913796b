package io.conntrackadvisor.core.detect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.conntrackadvisor.model.ConntrackSample;
import io.conntrackadvisor.model.Json;
import io.conntrackadvisor.model.NamespaceUsage;
import io.conntrackadvisor.core.Fixtures;
import io.conntrackadvisor.core.proc.ProcReader;
import io.conntrackadvisor.model.SaturationLevel;
import io.conntrackadvisor.model.StatNames;
import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class HostStateCodecTest {

  @Test
  void shouldDecodeWhatItEncodedForRandomStates() throws IOException {
    Random rnd = new Random(21);
    for (int i = 0; i < 3000; i++) {
      HostState s = random(rnd);
      byte[] bytes = HostStateCodec.encode(s);
      assertThat(Json.write(HostStateCodec.decode(bytes))).isEqualTo(Json.write(s));
    }
  }

  @Test
  void shouldKnowEveryFieldOfTheState() {
    // A field added to HostState must be added to the codec (and to random() below): this list is the reminder.
    assertThat(Arrays.stream(HostState.class.getDeclaredFields()).filter(f -> !Modifier.isStatic(f.getModifiers()))
        .map(Field::getName)).containsExactlyInAnyOrder("host", "openBursts", "pendingSuppressedAt",
        "pendingSuppressed", "lastSample", "recent", "level", "forecastFullAt", "peakCount", "peakAt",
        "lastEventTime", "bursts", "burstMessages", "burstSuppressed", "lastBurstEnd", "lastBurstNetns",
        "counterDrops", "earlyDrops", "insertFailed", "lastDropAt", "sinceBootDrops", "counterResets", "hashPressure",
        "lateSamples", "issuedAdvice");
    assertThat(Arrays.stream(HostState.OpenBurst.class.getDeclaredFields()).map(Field::getName))
        .containsExactlyInAnyOrder("netns", "vps", "start", "end", "messages", "suppressed", "lastEmitted");
  }

  @Test
  void shouldKeepTheContainerNumberOfAnOpenBurst() throws IOException {
    HostState s = HostState.forHost("vz-node-1");
    HostState.OpenBurst b = new HostState.OpenBurst();
    b.vps = 101L;
    b.start = Instant.parse("2011-05-04T10:00:00Z");
    b.end = b.start;
    b.messages = 3;
    s.openBursts.add(b);

    assertThat(HostStateCodec.decode(HostStateCodec.encode(s)).openBursts).singleElement()
        .satisfies(read -> assertThat(read.vps).isEqualTo(101L));
  }

  @Test
  void shouldWriteTheNamespacesOwnersApartAndPutThemBack() throws IOException {
    Random rnd = new Random(31);
    for (int i = 0; i < 3000; i++) {
      HostState s = random(rnd);
      byte[] without = HostStateCodec.encodeWithoutOwners(s);
      byte[] owners = HostStateCodec.encodeOwners(s.lastSample());

      HostState read = HostStateCodec.decode(without);
      if (s.lastSample() != null && s.lastSample().namespaces() != null) {
        assertThat(read.lastSample().namespaces()).allSatisfy(u -> {
          assertThat(u.container()).isNull();
          assertThat(u.pod()).isNull();
          assertThat(u.processes()).isEmpty();
        });
        assertThat(owners).isNotNull();
      } else {
        assertThat(owners).isNull();
      }
      HostStateCodec.restoreOwners(read, owners);

      assertThat(Json.write(read)).isEqualTo(Json.write(s));
      assertThat(HostStateCodec.sameOwners(read.lastSample(), s.lastSample())).isTrue();
    }
  }

  @Test
  void shouldKeepAStateWithTwoHundredNamespacesSmallWithoutTheirOwners() {
    List<NamespaceUsage> ns = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      ns.add(new NamespaceUsage(4026532000L + i, 300 + i * 7L, 0L, 0L, 0L, "3f2a1b9c0d4e", "web-" + i
          + "-7f9c8d6b5-x2k4p", List.of("nginx", "sh")));
    }
    HostState s = HostState.forHost("node-1");
    s.lastSample = new ConntrackSample("node-1", Instant.parse("2026-11-25T10:00:00Z"), 5000, 262_144, null, null,
        null, null, Map.of(), Map.of(), null, ns);

    int with = HostStateCodec.encode(s).length;
    int without = HostStateCodec.encodeWithoutOwners(s).length;

    assertThat(without).as("bytes without owners, with them %d", with).isLessThan(with / 4);
  }

  @Test
  void shouldTellWhetherTwoSamplesNameTheSameOwners() {
    NamespaceUsage a = new NamespaceUsage(1, 5, null, null, null, "c1", "p1", List.of("sh"));
    NamespaceUsage moreEntries = new NamespaceUsage(1, 9, 3L, null, null, "c1", "p1", List.of("sh"));
    NamespaceUsage otherPod = new NamespaceUsage(1, 5, null, null, null, "c1", "p2", List.of("sh"));
    Instant t = Instant.parse("2026-11-25T10:00:00Z");
    ConntrackSample s1 = new ConntrackSample("h", t, 1, 10, null, null, null, null, null, null, null, List.of(a));

    assertThat(HostStateCodec.sameOwners(s1, new ConntrackSample("h", t, 2, 10, null, null, null, null, null, null,
        null, List.of(moreEntries)))).as("counts differ, owners the same").isTrue();
    assertThat(HostStateCodec.sameOwners(s1, new ConntrackSample("h", t, 2, 10, null, null, null, null, null, null,
        null, List.of(otherPod)))).isFalse();
    assertThat(HostStateCodec.sameOwners(s1, ConntrackSample.of("h", t, 1, 10))).isFalse();
    assertThat(HostStateCodec.sameOwners(null, ConntrackSample.of("h", t, 1, 10))).isTrue();
  }

  @Test
  void shouldWriteTheNamesOfARealSampleByNumber() throws IOException {
    ConntrackSample real = new ProcReader(Fixtures.path("proc/k6-docker-host"))
        .read(null, Instant.parse("2026-11-25T10:00:00Z"), ProcReader.HistogramLimits.DEFAULT);
    HostState s = HostState.forHost(real.host());
    s.lastSample = real;
    int names = 0;
    for (Map<String, Long> m : List.of(real.stats(), real.sysctls())) {
      for (String k : m.keySet()) {
        assertThat(HostStateCodec.Names.code(k)).as(k).isNotNegative();
        names += k.length();
      }
    }
    byte[] bytes = HostStateCodec.encode(s);

    assertThat(names).isGreaterThan(500);
    assertThat(bytes.length).as("state with a real sample of %d name characters", names).isLessThan(names / 4);
    assertThat(Json.write(HostStateCodec.decode(bytes))).isEqualTo(Json.write(s));
  }

  @Test
  void shouldKnowEveryCounterNameOfTheModel() throws IllegalAccessException {
    for (Field f : StatNames.class.getDeclaredFields()) {
      if (Modifier.isStatic(f.getModifiers()) && f.getType() == String.class) {
        assertThat(HostStateCodec.Names.code((String) f.get(null))).as(f.getName()).isNotNegative();
      }
    }
  }

  @Test
  void shouldWriteASteadyHostsTrendPointsInAFewBytesEach() {
    HostState s = HostState.forHost("node-1");
    Instant t0 = Instant.parse("2026-11-25T10:00:00Z");
    for (int i = 0; i < 90; i++) {
      s.recent.add(new HostState.Point(t0.plusSeconds(10L * i), 40_000 + (i * 37) % 500, 262_144));
    }
    int withPoints = HostStateCodec.encode(s).length;
    s.recent.clear();
    int without = HostStateCodec.encode(s).length;

    assertThat((withPoints - without) / 90.0).as("bytes per point").isLessThan(6);
  }

  @Test
  void shouldRefuseCutAndCorruptBytesWithAnIoException() {
    byte[] bytes = HostStateCodec.encode(random(new Random(2)));
    for (int len = 0; len < bytes.length; len += 7) {
      byte[] cut = Arrays.copyOf(bytes, len);
      assertThatThrownBy(() -> HostStateCodec.decode(cut)).isInstanceOf(IOException.class);
    }
    Random rnd = new Random(3);
    for (int i = 0; i < 2000; i++) {
      byte[] bad = bytes.clone();
      bad[1 + rnd.nextInt(bad.length - 1)] = (byte) rnd.nextInt(256);
      try {
        HostStateCodec.decode(bad);
      } catch (IOException expected) {
        // a flipped byte may still decode to some state; it must never fail otherwise
      }
    }
  }

  private static HostState random(Random rnd) {
    HostState s = HostState.forHost("host-" + rnd.nextInt(100) + (rnd.nextBoolean() ? "-ü☃" : ""));
    for (int i = rnd.nextInt(3); i > 0; i--) {
      HostState.OpenBurst b = new HostState.OpenBurst();
      b.netns = rnd.nextBoolean() ? null : rnd.nextLong();
      b.vps = rnd.nextInt(3) == 0 ? (long) rnd.nextInt(100_000) : null;
      b.start = instant(rnd);
      b.end = instant(rnd);
      b.messages = rnd.nextLong();
      b.suppressed = rnd.nextInt(1000);
      b.lastEmitted = rnd.nextBoolean() ? null : instant(rnd);
      s.openBursts.add(b);
    }
    s.pendingSuppressedAt = rnd.nextBoolean() ? null : instant(rnd);
    s.pendingSuppressed = rnd.nextInt();
    s.lastSample = rnd.nextInt(4) == 0 ? null : sample(rnd);
    for (int i = rnd.nextInt(20); i > 0; i--) {
      s.recent.add(new HostState.Point(instant(rnd), rnd.nextInt(1 << 20), rnd.nextInt(1 << 20)));
    }
    s.level = SaturationLevel.values()[rnd.nextInt(3)];
    s.forecastFullAt = rnd.nextBoolean() ? null : instant(rnd);
    s.peakCount = rnd.nextLong();
    s.peakAt = rnd.nextBoolean() ? null : instant(rnd);
    s.lastEventTime = rnd.nextBoolean() ? null : instant(rnd);
    s.bursts = rnd.nextLong();
    s.burstMessages = rnd.nextLong();
    s.burstSuppressed = rnd.nextLong();
    s.lastBurstEnd = rnd.nextBoolean() ? null : instant(rnd);
    s.lastBurstNetns = rnd.nextBoolean() ? null : rnd.nextLong();
    s.counterDrops = rnd.nextLong();
    s.earlyDrops = rnd.nextLong();
    s.insertFailed = rnd.nextLong();
    s.lastDropAt = rnd.nextBoolean() ? null : instant(rnd);
    s.sinceBootDrops = rnd.nextLong();
    s.counterResets = rnd.nextLong();
    s.hashPressure = rnd.nextLong();
    s.lateSamples = rnd.nextLong();
    s.issuedAdvice = rnd.nextBoolean() ? 0 : rnd.nextLong();
    return s;
  }

  private static ConntrackSample sample(Random rnd) {
    List<NamespaceUsage> ns = null;
    if (rnd.nextBoolean()) {
      ns = new ArrayList<>();
      for (int i = rnd.nextInt(4); i > 0; i--) {
        ns.add(new NamespaceUsage(rnd.nextLong(), rnd.nextInt(1000), rnd.nextBoolean() ? null : rnd.nextLong(),
            rnd.nextBoolean() ? null : 3L, rnd.nextBoolean() ? null : 4L, rnd.nextBoolean() ? null : "c-1",
            rnd.nextBoolean() ? null : "pod-x", rnd.nextBoolean() ? List.of() : List.of("nginx", "sh")));
      }
    }
    return new ConntrackSample("h" + rnd.nextInt(9), instant(rnd), rnd.nextInt(1 << 20), rnd.nextInt(1 << 20),
        rnd.nextBoolean() ? null : 65536L, rnd.nextBoolean() ? null : 1L << 34, rnd.nextBoolean() ? null : 8,
        rnd.nextBoolean() ? null : "6.1.0-13-amd64", map(rnd), map(rnd), rnd.nextBoolean() ? null : map(rnd), ns);
  }

  /** Keys the codec numbers, keys with the sysctl prefix it does not know, and other keys. */
  private static Map<String, Long> map(Random rnd) {
    Map<String, Long> m = new TreeMap<>();
    for (int i = rnd.nextInt(8); i > 0; i--) {
      String key = switch (rnd.nextInt(4)) {
        case 0 -> "net.netfilter.nf_conntrack_k" + rnd.nextInt(50);
        case 1 -> "other.key-" + rnd.nextInt(50) + (rnd.nextBoolean() ? "-ü" : "");
        default -> HostStateCodec.Names.name(rnd.nextInt(60));
      };
      m.put(key == null ? "" : key, rnd.nextLong());
    }
    return m;
  }

  private static Instant instant(Random rnd) {
    return Instant.ofEpochSecond(rnd.nextLong(-10_000_000_000L, 10_000_000_000L), rnd.nextInt(1_000_000_000));
  }
}
