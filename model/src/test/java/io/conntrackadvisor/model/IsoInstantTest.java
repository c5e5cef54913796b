package io.conntrackadvisor.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Random;
import org.junit.jupiter.api.Test;

class IsoInstantTest {

  @Test
  void shouldWriteWhatInstantToStringWrites() {
    Random rnd = new Random(9);
    for (int i = 0; i < 50_000; i++) {
      long secs = rnd.nextInt(5) == 0 ? rnd.nextLong(-400_000_000_000L, 400_000_000_000L)
          : rnd.nextLong(-62_167_219_200L, 253_402_300_800L);
      int nanos = switch (rnd.nextInt(4)) {
        case 0 -> 0;
        case 1 -> rnd.nextInt(1000) * 1_000_000;
        case 2 -> rnd.nextInt(1_000_000) * 1000;
        default -> rnd.nextInt(1_000_000_000);
      };
      Instant t = Instant.ofEpochSecond(secs, nanos);
      assertThat(IsoInstant.append(new StringBuilder(), t).toString()).isEqualTo(t.toString());
    }
    for (Instant t : new Instant[] {Instant.EPOCH, Instant.MIN, Instant.MAX, Instant.parse("0000-01-01T00:00:00Z"),
        Instant.parse("9999-12-31T23:59:59.999999999Z"), Instant.parse("-0001-12-31T23:59:59Z")}) {
      assertThat(IsoInstant.append(new StringBuilder(), t).toString()).isEqualTo(t.toString());
    }
  }
}
