package io.conntrackadvisor.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The hand-written kernel-message writer must give Jackson's bytes for every message, odd values included. */
class KernelMessageJsonTest {
  private static final List<String> ODD = List.of("", "a\"b\\c", "tab\there", "nl\nx", "\u0001ctl", "ümlaut-☃",
      "emoji-\uD83D\uDE00", "<script>", "slash/x", "\u007f", "\u2028", "\uFFFD\uFFFD broken", "\uD800 lone",
      "\b\f\r\u001f\u0000", "\u07ff\u0800\uffff", "x".repeat(300) + "\u00e9");

  @Test
  void shouldWriteWhatJacksonWritesForRandomMessages() {
    Random rnd = new Random(11);
    for (int i = 0; i < 30_000; i++) {
      KernelMessage m = random(rnd);
      assertThat(new String(KernelMessageJson.write(m), java.nio.charset.StandardCharsets.UTF_8)).as(m.toString())
          .isEqualTo(new String(Json.writeBytes(m), java.nio.charset.StandardCharsets.UTF_8));
      assertThat(KernelMessageJson.write(m)).as(m.toString()).isEqualTo(Json.writeBytes(m));
    }
  }

  private static KernelMessage random(Random rnd) {
    return new KernelMessage(text(rnd, "node-" + rnd.nextInt(10_000)), instant(rnd), maybe(rnd, "3f8c0a9b"),
        rnd.nextBoolean() ? null : rnd.nextInt(8), rnd.nextBoolean() ? null : rnd.nextInt(24) - rnd.nextInt(2),
        maybe(rnd, "kernel"), maybe(rnd, "syslog-file"), maybe(rnd, "kernel"),
        text(rnd, "nf_conntrack: table full, dropping packet"), maybe(rnd, "s=0a1b;i=" + rnd.nextInt()));
  }

  private static String maybe(Random rnd, String usual) {
    return switch (rnd.nextInt(4)) {
      case 0 -> null;
      case 1 -> ODD.get(rnd.nextInt(ODD.size()));
      default -> usual;
    };
  }

  private static String text(Random rnd, String usual) {
    return rnd.nextInt(4) == 0 ? ODD.get(rnd.nextInt(ODD.size())) + usual : usual;
  }

  private static Instant instant(Random rnd) {
    return switch (rnd.nextInt(4)) {
      case 0 -> Instant.ofEpochSecond(rnd.nextInt(2_000_000_000));
      case 1 -> Instant.ofEpochSecond(rnd.nextInt(2_000_000_000), rnd.nextInt(1000) * 1_000_000L);
      case 2 -> Instant.ofEpochSecond(rnd.nextInt(2_000_000_000), rnd.nextInt(1_000_000) * 1000L);
      default -> Instant.ofEpochSecond(rnd.nextInt(2_000_000_000), rnd.nextInt(1_000_000_000));
    };
  }
}
