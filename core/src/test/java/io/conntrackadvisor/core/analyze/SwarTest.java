package io.conntrackadvisor.core.analyze;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The byte searches against the obvious ones, on random text full of near misses. */
class SwarTest {
  private static final String[] NEEDLES = {"_conntrack: table full", " suppressed"};
  private static final String[] PIECES = {"_conntrack: ", "table full", " suppressed", "suppresse", "table ful",
      "able full", "_conntrack: table ful", "ll", "ed", "e ", "\n", "x", "{", "nf", " ", "table  full", "SUPPRESSED"};

  @Test
  void shouldFindTheFirstOccurrenceOfAnyNeedleLikeIndexOf() {
    Swar.Needles needles = Swar.Needles.of(NEEDLES);
    Random rnd = new Random(11);
    for (int round = 0; round < 20_000; round++) {
      StringBuilder sb = new StringBuilder();
      int pieces = rnd.nextInt(12);
      for (int k = 0; k < pieces; k++) {
        sb.append(PIECES[rnd.nextInt(PIECES.length)]);
      }
      String text = sb.toString();
      byte[] b = text.getBytes(StandardCharsets.US_ASCII);
      int from = b.length == 0 ? 0 : rnd.nextInt(b.length + 1);
      int to = from + rnd.nextInt(b.length - from + 1);
      assertThat(Swar.findAny(b, from, to, needles)).as("[%s] from %d to %d", text, from, to)
          .isEqualTo(expected(text, from, to));
    }
  }

  @Test
  void shouldCountNewlinesOfEveryBlockLength() {
    Random rnd = new Random(5);
    for (int round = 0; round < 2000; round++) {
      byte[] b = new byte[rnd.nextInt(100)];
      for (int i = 0; i < b.length; i++) {
        b[i] = (byte) (rnd.nextInt(4) == 0 ? '\n' : rnd.nextInt(256));
      }
      long expected = 0;
      for (byte x : b) {
        expected += x == '\n' ? 1 : 0;
      }
      if (b.length > 0 && b[0] == '{') {
        b[0] = 'x';
      }
      for (int i = 0; i < b.length; i++) {
        if (b[i] == '{') {
          b[i] = 'y';
        }
      }
      assertThat(b.length == 0 ? 0 : Swar.countAndMarkJson(b, 0, b.length, null)).isEqualTo(expected);
    }
  }

  @Test
  void shouldRefuseNeedlesItCannotShift() {
    assertThatThrownBy(() -> Swar.Needles.of("x")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Swar.Needles.of("a".repeat(128))).isInstanceOf(IllegalArgumentException.class);
  }

  private static int expected(String text, int from, int to) {
    String region = text.substring(0, to);
    int best = -1;
    for (String n : NEEDLES) {
      int at = region.indexOf(n, from);
      if (at >= 0 && (best < 0 || at < best)) {
        best = at;
      }
    }
    return best;
  }
}
