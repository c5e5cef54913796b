package io.conntrackadvisor.model.config;

import java.util.Locale;

/** The one reader of byte sizes in settings and flags: {@code 65536}, {@code 64k}, {@code 16m}, {@code 1g}. */
public final class Sizes {
  private Sizes() {
  }

  /**
   * Bytes of {@code text}: a whole number, optionally followed by {@code k}, {@code m} or {@code g} (powers of 1024,
   * with or without a trailing {@code b}).
   *
   * @throws IllegalArgumentException when it is not such a size
   */
  public static long parse(String text) {
    String v = text.trim().toLowerCase(Locale.ROOT);
    if (v.endsWith("b") && v.length() > 1 && !Character.isDigit(v.charAt(v.length() - 2))) {
      v = v.substring(0, v.length() - 1);
    }
    int shift = v.endsWith("g") ? 30 : v.endsWith("m") ? 20 : v.endsWith("k") ? 10 : 0;
    String digits = shift == 0 ? v : v.substring(0, v.length() - 1).trim();
    long n;
    try {
      n = Long.parseLong(digits);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("not a size like 65536, 64k, 16m or 1g: '" + text + "'", e);
    }
    if (n < 0 || n > Long.MAX_VALUE >> shift) {
      throw new IllegalArgumentException("size out of range: '" + text + "'");
    }
    return n << shift;
  }
}
