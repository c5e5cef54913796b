package io.conntrackadvisor.ingest;

import io.conntrackadvisor.model.ConntrackSample;
import io.conntrackadvisor.model.Json;
import io.conntrackadvisor.model.KernelMessage;
import io.conntrackadvisor.model.Topics;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Turns events into the records the agent writes: key = host name (UTF-8), value = the event's JSON, on the topics
 * of the registry; and checkpoints, keyed {@code <host>/<source id>}, on the checkpoint topic.
 */
final class RecordFactory {
  private final Topics.Topic<String, KernelMessage> kernelMessages;
  private final Topics.Topic<String, ConntrackSample> samples;
  private final String checkpointTopic;

  RecordFactory(Topics topics, String checkpointTopic) {
    this.kernelMessages = topics.kernelMessages();
    this.samples = topics.conntrackSamples();
    this.checkpointTopic = checkpointTopic;
  }

  ProducerRecord<byte[], byte[]> kernelMessage(KernelMessage m) {
    return new ProducerRecord<>(kernelMessages.name(), key(m.host()),
        kernelMessages.valueSerde().serializer().serialize(kernelMessages.name(), m));
  }

  ProducerRecord<byte[], byte[]> sample(ConntrackSample s) {
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

  private static byte[] key(String host) {
    return host.getBytes(StandardCharsets.UTF_8);
  }
}
