package io.conntrackadvisor.model;

/**
 * The headers of a record on the dead-letter topic, whoever put it there: the names Kafka Streams gives them
 * (streams' dead-letter handlers write them, the sink writes the same), so one consumer reads every dead letter.
 */
public final class DeadLetterHeaders {
  /** The class of the error. */
  public static final String EXCEPTION = "__streams.errors.exception";
  /** The error message. */
  public static final String MESSAGE = "__streams.errors.message";
  /** The topic the record was read from. */
  public static final String TOPIC = "__streams.errors.topic";
  /** Its partition. */
  public static final String PARTITION = "__streams.errors.partition";
  /** Its offset. */
  public static final String OFFSET = "__streams.errors.offset";

  private DeadLetterHeaders() {
  }
}
