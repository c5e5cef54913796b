package io.conntrackadvisor.streams;

import static org.assertj.core.api.Assertions.assertThat;

import io.conntrackadvisor.model.DeadLetterHeaders;
import org.apache.kafka.streams.errors.internals.ExceptionHandlerUtils;
import org.junit.jupiter.api.Test;

/** The sink writes dead letters with the header names Kafka Streams gives the ones it writes. */
class DeadLetterHeadersTest {
  @Test
  void shouldNameTheHeadersAsKafkaStreamsDoes() {
    assertThat(DeadLetterHeaders.EXCEPTION).isEqualTo(ExceptionHandlerUtils.HEADER_ERRORS_EXCEPTION_NAME);
    assertThat(DeadLetterHeaders.MESSAGE).isEqualTo(ExceptionHandlerUtils.HEADER_ERRORS_EXCEPTION_MESSAGE_NAME);
    assertThat(DeadLetterHeaders.TOPIC).isEqualTo(ExceptionHandlerUtils.HEADER_ERRORS_TOPIC_NAME);
    assertThat(DeadLetterHeaders.PARTITION).isEqualTo(ExceptionHandlerUtils.HEADER_ERRORS_PARTITION_NAME);
    assertThat(DeadLetterHeaders.OFFSET).isEqualTo(ExceptionHandlerUtils.HEADER_ERRORS_OFFSET_NAME);
  }
}
