package io.conntrackadvisor.streams;

import static org.assertj.core.api.Assertions.assertThat;

import io.conntrackadvisor.core.detect.DetectorConfig;
import io.conntrackadvisor.core.detect.HostDetector;
import io.conntrackadvisor.core.detect.HostState;
import io.conntrackadvisor.core.detect.HostStateCodec;
import io.conntrackadvisor.model.ConntrackSample;
import io.conntrackadvisor.model.NamespaceUsage;
import io.conntrackadvisor.model.Recommendation;
import io.conntrackadvisor.model.config.Settings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.Test;

/** The detector on its own, for what the topology test driver cannot set up. */
class DetectorProcessorTest {
  private static final Instant T0 = Instant.parse("2026-11-25T10:00:00Z");

  @Test
  void shouldMoveTheNamespaceOwnersOutOfAStateAnEarlierVersionWroteWhenItIsFirstRead() throws IOException {
    MockProcessorContext<String, Object> ctx = new MockProcessorContext<>();
    ctx.setCurrentSystemTimeMs(T0.plusSeconds(5).toEpochMilli());
    ctx.setCurrentStreamTimeMs(T0.plusSeconds(5).toEpochMilli());
    // the host-state store as an earlier version wrote it: owners inside the state
    Serde<HostState> withOwners = Serdes.serdeFrom((t, s) -> HostStateCodec.encode(s), (t, b) -> {
      try {
        return HostStateCodec.decode(b);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    });
    KeyValueStore<String, HostState> states = Stores.keyValueStoreBuilder(
        Stores.inMemoryKeyValueStore(DetectorProcessor.HOST_STATE_STORE), Serdes.String(), withOwners)
        .withLoggingDisabled().build();
    KeyValueStore<String, byte[]> owners = Stores.keyValueStoreBuilder(
        Stores.inMemoryKeyValueStore(DetectorProcessor.HOST_OWNERS_STORE), Serdes.String(), Serdes.ByteArray())
        .withLoggingDisabled().build();
    states.init(ctx.getStateStoreContext(), states);
    owners.init(ctx.getStateStoreContext(), owners);
    ctx.addStateStore(states);
    ctx.addStateStore(owners);
    ConntrackSample sample = new ConntrackSample("k8s-1", T0, 100, 1000, null, null, null, null, Map.of("drop", 0L),
        null, null, List.of(new NamespaceUsage(4026532001L, 900, 0L, 0L, 0L, "3f2a1b9c0d4e", "web-7f9c8d6b5-x2k4p",
            List.of("nginx"))));
    HostState earlier = HostState.forHost("k8s-1");
    new HostDetector(DetectorConfig.defaults()).onSample(earlier, sample);
    states.put("k8s-1", earlier);

    Map<String, String> values = new HashMap<>(StreamsSettings.defaults());
    values.put(StreamsSettings.BOOTSTRAP_SERVERS, "unused:9092");
    DetectorProcessor detector = new DetectorProcessor(TopologySettings.from(Settings.of(values)), new AppCounters());
    detector.init(ctx);
    assertThat(owners.get("k8s-1")).as("nothing read yet").isNull();
    detector.process(new Record<>("k8s-1", HostEvent.of(AdvisorDriver.tableFull("k8s-1", T0.plusSeconds(5))),
        T0.plusSeconds(5).toEpochMilli()));

    HostState read = HostStateCodec.decode(HostStateCodec.encodeWithoutOwners(earlier));
    HostStateCodec.restoreOwners(read, owners.get("k8s-1"));
    assertThat(read.lastSample()).isEqualTo(sample);
    assertThat(ctx.forwarded(AdvisorTopology.RECOMMENDATIONS_SINK)).singleElement()
        .satisfies(f -> assertThat(String.join(" ", ((Recommendation) f.record().value()).reasons()))
            .contains("web-7f9c8d6b5-x2k4p"));
  }
}
