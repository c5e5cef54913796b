package io.conntrackadvisor.model;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.time.Instant;

/** Something the detectors concluded about one host; the JSON carries {@code "type"}. */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, include = JsonTypeInfo.As.PROPERTY, property = "type")
@JsonSubTypes({
    @JsonSubTypes.Type(value = BurstFinding.class, name = "burst"),
    @JsonSubTypes.Type(value = DropsFinding.class, name = "drops"),
    @JsonSubTypes.Type(value = SaturationFinding.class, name = "saturation")
})
public sealed interface Finding permits BurstFinding, DropsFinding, SaturationFinding {

  /** The host the finding is about. */
  String host();

  /** The time that orders findings (end of the evidence it covers). */
  @JsonIgnore
  Instant eventTime();
}
