package io.conntrackadvisor.core.recommend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.IllegalFormatException;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.Test;

class TextTest {

  @Test
  void shouldWriteWhatStringFormatWritesUnderTheRootLocale() {
    Random rnd = new Random(17);
    String[] literals = {"", "The table is ", " full (", "%%", " of ", "é☃ ", ", ", "100%% ", "\n"};
    for (int i = 0; i < 20000; i++) {
      StringBuilder format = new StringBuilder();
      List<Object> args = new ArrayList<>();
      for (int j = rnd.nextInt(6); j > 0; j--) {
        format.append(literals[rnd.nextInt(literals.length)]);
        switch (rnd.nextInt(6)) {
          case 0 -> {
            format.append("%d");
            args.add(rnd.nextBoolean() ? (Object) rnd.nextLong() : (Object) rnd.nextInt());
          }
          case 1 -> {
            format.append("%s");
            args.add(rnd.nextInt(5) == 0 ? null
                : rnd.nextBoolean() ? "net.netfilter.nf_conntrack_max" : (Object) rnd.nextLong());
          }
          case 2 -> {
            format.append("%.0f");
            args.add(rnd.nextDouble() * 100);
          }
          case 3 -> {
            format.append("%,d");
            args.add(rnd.nextLong());
          }
          default -> {
          }
        }
      }
      Object[] a = args.toArray();
      String expected = String.format(Locale.ROOT, format.toString(), a.clone());
      assertThat(Text.format(format.toString(), a.clone())).as("%s %s", format, args).isEqualTo(expected);
    }
  }

  @Test
  void shouldRoundWholePercentagesAsStringFormatDoes() {
    double[] edges = {0, -0.0, 0.5, 1.5, 2.5, 0.49999999999999994, 2.4999999999999996, 99.5, 100, 12.345, -0.4, -2.5,
        Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 1e15 - 0.5, 1e15, 1e20, Double.MIN_VALUE,
        Double.MAX_VALUE, 4503599627370495.5};
    List<Double> values = new ArrayList<>();
    for (double e : edges) {
      values.add(e);
    }
    Random rnd = new Random(23);
    for (int i = 0; i < 20000; i++) {
      // utilizations as the recommender computes them: count / max x 100, and halves
      long max = 1 + rnd.nextInt(1 << 22);
      values.add((double) rnd.nextInt((int) max + 1) / max * 100);
      values.add(rnd.nextInt(400) + 0.5);
    }
    for (double v : values) {
      assertThat(Text.format("%.0f %%", v)).as("%s", v).isEqualTo(String.format(Locale.ROOT, "%.0f %%", v));
    }
  }

  @Test
  void shouldFailAsStringFormatDoesOnAMissingArgumentOrAWrongType() {
    assertThatThrownBy(() -> Text.format("%d of %d", 1L)).isInstanceOf(IllegalFormatException.class);
    assertThatThrownBy(() -> Text.format("%d", "x")).isInstanceOf(IllegalFormatException.class);
  }
}
