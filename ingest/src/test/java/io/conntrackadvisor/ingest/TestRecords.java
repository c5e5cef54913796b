package io.conntrackadvisor.ingest;

import io.conntrackadvisor.ingest.delivery.Checkpoint;
import io.conntrackadvisor.ingest.delivery.Outgoing;
import io.conntrackadvisor.ingest.delivery.RecordFactory;
import io.conntrackadvisor.model.Json;
import io.conntrackadvisor.model.KernelMessage;
import io.conntrackadvisor.model.Topics;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.apache.kafka.clients.producer.ProducerRecord;

/** Small builders for records and outgoing entries in unit tests. */
public final class TestRecords {
  static final String PREFIX = "unit.";
  public static final RecordFactory FACTORY = new RecordFactory(Topics.withPrefix(PREFIX));

  private TestRecords() {
  }

  /** An outgoing record of {@code bytes} value bytes from {@code source}. */
  public static Outgoing outgoing(String source, int bytes) {
    return new Outgoing(source, new ProducerRecord<>("t", new byte[0], new byte[bytes]),
        Checkpoint.progress(source, Instant.EPOCH));
  }

  /** The kernel message in an outgoing record's value. */
  public static KernelMessage message(Outgoing o) {
    return message(o.record().value());
  }

  public static KernelMessage message(byte[] value) {
    try {
      return Json.read(value, KernelMessage.class);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static String key(Outgoing o) {
    return new String(o.record().key(), StandardCharsets.UTF_8);
  }
}
