package io.conntrackadvisor.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

class DropInsTest {

  @Test
  void shouldReplaceControlCharactersAsTheRegularExpressionWould() {
    Random rnd = new Random(11);
    char[] alphabet = {'a', 'Z', '-', '.', ' ', '\n', '\r', '\t', 0, 0x1b, 0x1f, 0x7f, 0x80, 0x85, 'é', '☃'};
    for (int i = 0; i < 20000; i++) {
      StringBuilder s = new StringBuilder();
      for (int j = rnd.nextInt(10); j > 0; j--) {
        s.append(alphabet[rnd.nextInt(alphabet.length)]);
      }
      String in = s.toString();
      assertThat(DropIns.oneLine(in)).as("%s", in).isEqualTo(in.replaceAll("[\\p{Cntrl}]", "?"));
    }
    String clean = "web-1.example";
    assertThat(DropIns.oneLine(clean)).isSameAs(clean);
  }
}
