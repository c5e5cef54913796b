package io.conntrackadvisor.core.recommend;

import io.conntrackadvisor.model.IsoInstant;
import java.time.Instant;
import java.util.Formattable;
import java.util.Formatter;
import java.util.Locale;

/**
 * {@code String.format(Locale.ROOT, ...)} for the sentences of a recommendation, with one {@link Formatter} per
 * thread instead of a new one (and new locale symbols) per sentence, and instants written by {@link IsoInstant}:
 * the same text, at a fraction of the cost in the Streams application, which advises on every relevant change.
 * The common specifiers ({@code %d}, {@code %s}, {@code %%}) are written without the {@link Formatter} at all.
 */
final class Text {
  private static final ThreadLocal<Formatter> FORMATTER =
      ThreadLocal.withInitial(() -> new Formatter(new StringBuilder(256), Locale.ROOT));

  private Text() {
  }

  /** {@code String.format(Locale.ROOT, format, args)}. */
  static String format(String format, Object... args) {
    for (int i = 0; i < args.length; i++) {
      if (args[i] instanceof Instant t) {
        args[i] = IsoInstant.append(new StringBuilder(32), t).toString();
      }
    }
    String fast = plain(format, args);
    return fast != null ? fast : formatted(format, args);
  }

  /**
   * The sentence when {@code format} uses only {@code %d} (of an integral argument), {@code %s} and {@code %%},
   * which is what nearly every sentence uses and what {@link Formatter} writes no differently under
   * {@link Locale#ROOT}; null for anything else (a width, a precision, a flag, a float), which goes to the
   * {@link Formatter}.
   */
  private static String plain(String format, Object[] args) {
    StringBuilder out = new StringBuilder(format.length() + 16 * args.length);
    int next = 0;
    int n = format.length();
    int i = 0;
    while (i < n) {
      int pct = format.indexOf('%', i);
      if (pct < 0) {
        out.append(format, i, n);
        break;
      }
      out.append(format, i, pct);
      if (pct + 1 == n) {
        return null;
      }
      char conv = format.charAt(pct + 1);
      if (conv == '%') {
        out.append('%');
      } else if (conv == 'd' && next < args.length && isIntegral(args[next])) {
        out.append(((Number) args[next++]).longValue());
      } else if (conv == 's' && next < args.length && !(args[next] instanceof Formattable)) {
        out.append(args[next++]);
      } else if (conv == '.' && format.startsWith("0f", pct + 2) && next < args.length
          && args[next] instanceof Double d && isPlainWhole(d)) {
        // HALF_UP of the exact value, as Formatter rounds: floor(d + 1/2), which Math.round computes exactly
        out.append(Math.round(d));
        next++;
        i = pct + 4;
        continue;
      } else {
        return null;
      }
      i = pct + 2;
    }
    return out.toString();
  }

  /**
   * Whether {@code %.0f} of {@code d} is its rounded value's digits: finite, no sign (not even {@code -0.0}, which
   * Formatter writes "-0"), and small enough that every digit is significant.
   */
  private static boolean isPlainWhole(double d) {
    return Double.doubleToRawLongBits(d) >= 0 && d < 1e15;
  }

  private static boolean isIntegral(Object o) {
    return o instanceof Long || o instanceof Integer || o instanceof Short || o instanceof Byte;
  }

  private static String formatted(String format, Object[] args) {
    Formatter f = FORMATTER.get();
    StringBuilder out = (StringBuilder) f.out();
    out.setLength(0);
    f.format(format, args);
    String s = out.toString();
    if (out.capacity() > 4096) {
      FORMATTER.remove();
    }
    return s;
  }
}
