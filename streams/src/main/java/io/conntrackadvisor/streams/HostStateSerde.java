package io.conntrackadvisor.streams;

import io.conntrackadvisor.core.detect.HostState;
import io.conntrackadvisor.core.detect.HostStateCodec;
import java.io.IOException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serdes;

/**
 * The host-state store's serde: the compact binary form of {@link HostStateCodec} without the namespaces' owners
 * (the detector keeps those in a store of their own).
 */
final class HostStateSerde extends Serdes.WrapperSerde<HostState> {

  HostStateSerde() {
    super(HostStateSerde::serialize, HostStateSerde::deserialize);
  }

  private static byte[] serialize(String topic, HostState data) {
    // the namespaces' owners go to their own store (DetectorProcessor), written only when they change
    return data == null ? null : HostStateCodec.encodeWithoutOwners(data);
  }

  private static HostState deserialize(String topic, byte[] data) {
    if (data == null) {
      return null;
    }
    try {
      return HostStateCodec.decode(data);
    } catch (IOException | RuntimeException e) {
      throw new SerializationException("not a valid host state on " + topic + ": " + e.getMessage(), e);
    }
  }
}
