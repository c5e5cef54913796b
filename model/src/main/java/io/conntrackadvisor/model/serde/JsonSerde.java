package io.conntrackadvisor.model.serde;

import com.fasterxml.jackson.databind.ObjectReader;
import io.conntrackadvisor.model.Finding;
import io.conntrackadvisor.model.FindingJson;
import io.conntrackadvisor.model.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serdes;

/**
 * Kafka serde for one event type of the model, using {@link Json}. Malformed or incomplete JSON (a missing required
 * field included) fails with {@link SerializationException}, which the applications route to the dead-letter topic.
 */
public final class JsonSerde<T> extends Serdes.WrapperSerde<T> {

  public JsonSerde(Class<T> type) {
    super(JsonSerde::serialize, reader(type));
  }

  private static <T> byte[] serialize(String topic, T data) {
    if (data instanceof Finding f) {
      // the same bytes as Json.writeBytes, several times faster (FindingJsonTest)
      return FindingJson.write(f).getBytes(StandardCharsets.UTF_8);
    }
    return data == null ? null : Json.writeBytes(data);
  }

  private static <T> Deserializer<T> reader(Class<T> type) {
    ObjectReader reader = Json.readerFor(type);
    return (topic, data) -> {
      if (data == null) {
        return null;
      }
      try {
        return reader.readValue(data);
      } catch (IOException | RuntimeException e) {
        throw new SerializationException("not a valid " + type.getSimpleName() + " JSON record on " + topic + ": "
            + firstLine(e.getMessage()), e);
      }
    };
  }

  private static String firstLine(String message) {
    if (message == null) {
      return "unknown error";
    }
    int nl = message.indexOf('\n');
    return nl < 0 ? message : message.substring(0, nl);
  }
}
