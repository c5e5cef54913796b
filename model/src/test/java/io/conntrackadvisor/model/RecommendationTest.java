package io.conntrackadvisor.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class RecommendationTest {
  private static final Instant T = Instant.parse("2026-11-25T12:00:00Z");

  @Test
  void shouldSetNumbersAsideInTheReasonsAsTheRegularExpressionWould() {
    Random rnd = new Random(3);
    String alphabet = "0123456789.:TZ- abnetns,()";
    for (int i = 0; i < 40000; i++) {
      String a = random(rnd, alphabet);
      String b = switch (rnd.nextInt(6)) {
        case 0 -> a.replace('1', '7');
        case 1 -> a.replace("s", "");
        default -> random(rnd, alphabet);
      };
      boolean expected = shape(a).equals(shape(b));
      assertThat(rec(a).adviceFingerprint() == rec(b).adviceFingerprint()).as("'%s' vs '%s'", a, b)
          .isEqualTo(expected);
    }
  }

  /** The reference: every number becomes #, and the word right after it (one space) loses a plural s. */
  private static String shape(String s) {
    return NUMBER_AND_WORD.matcher(s).replaceAll(m -> {
      String word = m.group(1) == null ? "" : m.group(1);
      return "#" + (word.length() >= 3 && word.endsWith("s") ? word.substring(0, word.length() - 1) : word);
    });
  }

  private static final Pattern NUMBER_AND_WORD = Pattern.compile("[0-9][0-9.:TZ-]*( [A-Za-z]+)?");

  @Test
  void shouldTreatACountThatTurnsPluralAsTheSameAdvice() {
    Recommendation one = rec("The kernel logged 1 line of 'table full, dropping packet' in 1 burst.");
    Recommendation two = rec("The kernel logged 2 lines of 'table full, dropping packet' in 2 bursts.");
    Recommendation other = rec("The kernel logged 2 lines of 'table full, dropping packet' in 2 namespaces.");

    assertThat(one.adviceFingerprint()).isEqualTo(two.adviceFingerprint());
    assertThat(one.adviceFingerprint()).isNotEqualTo(other.adviceFingerprint());
    assertThat(rec("keep 60 s").adviceFingerprint()).isNotEqualTo(rec("keep 60 min").adviceFingerprint());
    assertThat(rec("raise it 2 steps").adviceFingerprint()).isEqualTo(rec("raise it 2 step").adviceFingerprint());
  }

  private static String random(Random rnd, String alphabet) {
    StringBuilder s = new StringBuilder();
    for (int j = rnd.nextInt(12); j > 0; j--) {
      s.append(alphabet.charAt(rnd.nextInt(alphabet.length())));
    }
    return s.toString();
  }

  @Test
  void shouldTreatAdviceThatDiffersOnlyInQuotedCountsAsTheSame() {
    Recommendation a = rec("netns 4026532177 holds 200 of 200 entries since 2026-11-25T12:00:00Z.");
    Recommendation b = rec("netns 4026532177 holds 180 of 200 entries since 2026-11-25T12:05:00Z.");
    Recommendation c = rec("the forecast says the table fills at 2026-11-25T13:00:00Z.");

    assertThat(a.adviceFingerprint()).isEqualTo(b.adviceFingerprint());
    assertThat(a.adviceFingerprint()).isNotEqualTo(c.adviceFingerprint());
  }

  @Test
  void shouldGiveTheSameFingerprintExactlyWhenTheAdviceIsTheSame() {
    Random rnd = new Random(5);
    String alphabet = "0123456789.:TZ- abnetns,()#";
    Severity[] severities = Severity.values();
    int same = 0;
    for (int i = 0; i < 20000; i++) {
      Recommendation a = random(rnd, alphabet, severities);
      Recommendation b = rnd.nextInt(3) == 0 ? withNumbersChanged(a) : random(rnd, alphabet, severities);
      boolean sameAdvice = sameAdvice(a, b);
      same += sameAdvice ? 1 : 0;
      assertThat(a.adviceFingerprint() == b.adviceFingerprint()).as("%s vs %s", a, b).isEqualTo(sameAdvice);
      assertThat(a.adviceFingerprint()).isNotZero();
    }
    assertThat(same).as("pairs with the same advice").isGreaterThan(5000);
  }

  /** The reference: same host, severity and values, and the same reasons once {@link #shape} set numbers aside. */
  private static boolean sameAdvice(Recommendation a, Recommendation b) {
    return a.host().equals(b.host()) && a.severity() == b.severity() && a.current().equals(b.current())
        && a.recommended().equals(b.recommended())
        && a.reasons().stream().map(RecommendationTest::shape).toList()
            .equals(b.reasons().stream().map(RecommendationTest::shape).toList());
  }

  private static Recommendation random(Random rnd, String alphabet, Severity[] severities) {
    List<String> reasons = new java.util.ArrayList<>();
    for (int j = rnd.nextInt(3); j > 0; j--) {
      reasons.add(random(rnd, alphabet));
    }
    Map<String, Long> recommended = rnd.nextBoolean() ? Map.of() : Map.of("net.netfilter.nf_conntrack_max",
        (long) rnd.nextInt(3));
    return new Recommendation(rnd.nextInt(8) == 0 ? "db-1" : "web-1", T, severities[rnd.nextInt(2)],
        Map.of("net.netfilter.nf_conntrack_max", 200L), recommended, reasons, "# conf\n", null);
  }

  private static Recommendation withNumbersChanged(Recommendation r) {
    return new Recommendation(r.host(), r.timestamp().plusSeconds(60), r.severity(), r.current(), r.recommended(),
        r.reasons().stream().map(s -> s.replace('1', '7').replace("2", "23")).toList(), r.sysctlConf(),
        r.modprobeConf());
  }

  private static Recommendation rec(String reason) {
    return new Recommendation("web-1", T, Severity.CRITICAL, Map.of("net.netfilter.nf_conntrack_max", 200L),
        Map.of("net.netfilter.nf_conntrack_max", 262144L), List.of(reason), "# conf\n", null);
  }
}
