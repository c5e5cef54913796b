package io.conntrackadvisor.streams;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.conntrackadvisor.core.detect.DetectorConfig;
import io.conntrackadvisor.core.detect.HostDetector;
import io.conntrackadvisor.core.detect.HostState;
import io.conntrackadvisor.model.ConntrackSample;
import io.conntrackadvisor.model.Json;
import io.conntrackadvisor.model.KernelMessage;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

class HostStateSerdeTest {
  private final HostStateSerde serde = new HostStateSerde();

  @Test
  void shouldWriteTheBinaryFormSmallerThanJsonAndReadItBack() {
    HostState st = HostState.forHost("node-1");
    HostDetector d = new HostDetector(DetectorConfig.defaults());
    Instant t = Instant.parse("2026-11-25T09:00:00Z");
    d.onSample(st, ConntrackSample.of("node-1", t, 180, 200));
    d.onMessage(st, new KernelMessage("node-1", t.plusSeconds(1), null, 4, 0, "kernel", "journald", "kernel",
        "nf_conntrack: table full, dropping packet", null));

    byte[] binary = serde.serializer().serialize("t", st);
    byte[] json = Json.writeBytes(st);

    assertThat(binary[0]).isNotEqualTo((byte) '{');
    assertThat(binary.length).isLessThan(json.length);
    assertThat(Json.write(serde.deserializer().deserialize("t", binary))).isEqualTo(Json.write(st));
    assertThat(serde.serializer().serialize("t", null)).isNull();
    assertThat(serde.deserializer().deserialize("t", null)).isNull();
  }

  @Test
  void shouldFailWithASerializationExceptionOnGarbage() {
    assertThatThrownBy(() -> serde.deserializer().deserialize("t", "{\"host\":".getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(SerializationException.class);
    assertThatThrownBy(() -> serde.deserializer().deserialize("t", new byte[] {(byte) 0xC7, 1, 0}))
        .isInstanceOf(SerializationException.class);
    assertThatThrownBy(() -> serde.deserializer().deserialize("t", new byte[] {(byte) 0xC7, 6, 0}))
        .isInstanceOf(SerializationException.class).hasMessageContaining("host state form 6");
  }
}
