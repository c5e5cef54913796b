package io.conntrackadvisor.ingest.delivery;

import io.conntrackadvisor.model.ConntrackSample;
import io.conntrackadvisor.model.Json;
import io.conntrackadvisor.model.KernelMessage;
import io.conntrackadvisor.model.KernelMessageJson;
import io.conntrackadvisor.model.Topics;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Turns events into the records the agent writes: key = host name (UTF-8), value = the event's JSON, on the topics
 * of the registry; and checkpoints, keyed {@code <host>/<source id>}, on the checkpoint topic.
 */
public final class RecordFactory {
  private static final int MAX_KEYS = 10_000;
  private final Topics.Topic<String, KernelMessage> kernelMessages;
  private final Topics.Topic<String, ConntrackSample> samples;
  private final String checkpointTopic;
  /** Record keys by host name; bounded, since a central receiver may hear from any number of hosts. */
  private final Map<String, byte[]> keys = new ConcurrentHashMap<>();

  public RecordFactory(Topics topics) {
    this.kernelMessages = topics.kernelMessages();
    this.samples = topics.conntrackSamples();
    this.checkpointTopic = topics.shipCheckpoints().name();
  }

  /** The message's record; its JSON is written by {@link KernelMessageJson}, the topic serde's bytes at less cost. */
  public ProducerRecord<byte[], byte[]> kernelMessage(KernelMessage m) {
    return new ProducerRecord<>(kernelMessages.name(), key(m.host()), KernelMessageJson.write(m));
  }

  public ProducerRecord<byte[], byte[]> sample(ConntrackSample s) {
    return new ProducerRecord<>(samples.name(), key(s.host()),
        samples.valueSerde().serializer().serialize(samples.name(), s));
  }

  ProducerRecord<byte[], byte[]> checkpoint(String agentHost, Checkpoint c) {
    return new ProducerRecord<>(checkpointTopic, key(checkpointKey(agentHost, c.source())), Json.writeBytes(c));
  }

  String checkpointTopic() {
    return checkpointTopic;
  }

  /** The checkpoint topic's key of one source of one agent. */
  static String checkpointKey(String agentHost, String sourceId) {
    return agentHost + "/" + sourceId;
  }

  private byte[] key(String host) {
    // a host sends many lines: its key's bytes are made once (the producer only reads them)
    byte[] k = keys.get(host);
    if (k == null) {
      if (keys.size() >= MAX_KEYS) {
        keys.clear();
      }
      k = host.getBytes(StandardCharsets.UTF_8);
      keys.put(host, k);
    }
    return k;
  }
}
