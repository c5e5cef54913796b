package io.conntrackadvisor.model;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.cfg.MapperBuilder;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.fasterxml.jackson.datatype.jsr310.deser.InstantDeserializer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;

/**
 * The one JSON mapping of the event model: camelCase names, ISO-8601 UTC timestamps, map keys sorted so equal
 * events serialize to equal bytes, unknown fields ignored so newer producers do not break older consumers.
 */
public final class Json {
  private static final ObjectMapper MAPPER = configure(JsonMapper.builder()).build();

  /** The mapping (modules and features) on the builder of a mapper of any format, JSON or a binary one. */
  public static <M extends ObjectMapper, B extends MapperBuilder<M, B>> B configure(B builder) {
    return builder
        .addModule(new JavaTimeModule())
        .addModule(new SimpleModule("iso-instant").addSerializer(Instant.class, new IsoInstantSerializer())
            .addDeserializer(Instant.class, new IsoInstantDeserializer()))
        .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
        .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
        .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
        .disable(DeserializationFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE);
  }

  private Json() {
  }

  /**
   * Reads the instants this mapping writes without the time module's formatter (which took a fifth of the Streams
   * application's input parsing); any other form (offsets, numbers, leap seconds) goes to the time module as before.
   */
  private static final class IsoInstantDeserializer extends StdDeserializer<Instant> {
    private static final long serialVersionUID = 1L;

    IsoInstantDeserializer() {
      super(Instant.class);
    }

    @Override
    public Instant deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
      if (p.hasToken(JsonToken.VALUE_STRING)) {
        Instant t = IsoInstant.parse(p.getText());
        if (t != null) {
          return t;
        }
      }
      return InstantDeserializer.INSTANT.deserialize(p, ctxt);
    }
  }

  /**
   * Instants as {@link Instant#toString()} writes them, which is what the time module writes too, without its
   * formatter: every finding, state and recommendation carries a few, and JsonTest compares the two.
   */
  private static final class IsoInstantSerializer extends StdSerializer<Instant> {
    private static final long serialVersionUID = 1L;

    IsoInstantSerializer() {
      super(Instant.class);
    }

    @Override
    public void serialize(Instant value, JsonGenerator gen, SerializerProvider provider) throws IOException {
      gen.writeString(IsoInstant.append(new StringBuilder(32), value).toString());
    }
  }

  /** The shared, thread-safe mapper. */
  public static ObjectMapper mapper() {
    return MAPPER;
  }

  /** Serializes to a JSON string (one line). */
  public static String write(Object value) {
    try {
      return MAPPER.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Serializes to UTF-8 bytes. */
  public static byte[] writeBytes(Object value) {
    try {
      return MAPPER.writeValueAsBytes(value);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Parses UTF-8 JSON bytes; throws {@link IOException} for malformed or incomplete input. */
  public static <T> T read(byte[] bytes, Class<T> type) throws IOException {
    return MAPPER.readValue(bytes, type);
  }

  /**
   * A reader of {@code type} with this mapping, for a caller that parses many values of one type: it resolves the
   * type and its deserializer once instead of on every {@link #read} (a fifth of the Streams input's parsing).
   */
  public static ObjectReader readerFor(Class<?> type) {
    return MAPPER.readerFor(type);
  }

  /** Parses a JSON string; throws {@link IOException} for malformed or incomplete input. */
  public static <T> T read(String json, Class<T> type) throws IOException {
    return MAPPER.readValue(json, type);
  }
}
