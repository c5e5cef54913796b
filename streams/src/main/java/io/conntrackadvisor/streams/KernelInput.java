package io.conntrackadvisor.streams;

import io.conntrackadvisor.core.parse.FieldPaths;
import io.conntrackadvisor.core.parse.InputFormat;
import io.conntrackadvisor.model.Topics;
import io.conntrackadvisor.model.config.CommandConfig;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A topic the kernel messages come from, and the format of its records ({@link StreamsSettings#KERNEL_INPUTS}).
 *
 * @param topic  the topic's name
 * @param format its records' format
 */
public record KernelInput(String topic, InputFormat format) {
  /** The contract's topic name as written in {@link StreamsSettings#KERNEL_INPUTS}, before the topic prefix. */
  static final String CONTRACT_TOPIC = "kernel-messages";

  /** The inputs the settings name, {@code kernel-messages} with the topic prefix. */
  static List<KernelInput> from(CommandConfig c, Topics topics) {
    String spec = c.getString(StreamsSettings.KERNEL_INPUTS);
    Map<String, String> json = new HashMap<>();
    for (String field : FieldPaths.FIELDS) {
      String v = c.getString(StreamsSettings.KERNEL_INPUT_JSON_PREFIX + field);
      if (!v.isBlank()) {
        json.put(field, v);
      }
    }
    List<KernelInput> inputs = new ArrayList<>();
    Set<String> seen = new LinkedHashSet<>();
    for (String pair : spec.split(",")) {
      if (pair.isBlank()) {
        continue;
      }
      int eq = pair.indexOf('=');
      if (eq <= 0 || eq == pair.length() - 1) {
        throw new IllegalArgumentException("setting '" + StreamsSettings.KERNEL_INPUTS + "' takes TOPIC=FORMAT "
            + "pairs (formats: " + InputFormat.names() + "), got '" + pair.trim() + "'");
      }
      String name = pair.substring(0, eq).trim();
      String topic = name.equals(CONTRACT_TOPIC) ? topics.kernelMessages().name() : name;
      if (topic.equals(topics.conntrackSamples().name()) || !seen.add(topic)) {
        throw new IllegalArgumentException("setting '" + StreamsSettings.KERNEL_INPUTS + "' names topic '" + topic
            + "' twice, or the samples topic");
      }
      inputs.add(new KernelInput(topic, InputFormat.of(pair.substring(eq + 1), json)));
    }
    return List.copyOf(inputs);
  }
}
