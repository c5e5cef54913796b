package io.conntrackadvisor.model.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SizesTest {
  @Test
  void shouldReadBytesWithPowerOfTwoUnitsAndRejectNonsense() {
    assertThat(Sizes.parse("1048576")).isEqualTo(1L << 20);
    assertThat(Sizes.parse("512k")).isEqualTo(512L << 10);
    assertThat(Sizes.parse("64M")).isEqualTo(64L << 20);
    assertThat(Sizes.parse(" 1g ")).isEqualTo(1L << 30);
    assertThat(Sizes.parse("16mb")).isEqualTo(16L << 20);
    assertThatThrownBy(() -> Sizes.parse("lots")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Sizes.parse("-1k")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Sizes.parse("99999999999g")).isInstanceOf(IllegalArgumentException.class);
  }
}
