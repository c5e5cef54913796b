package io.conntrackadvisor.model;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.time.Instant;
import java.util.Objects;

/**
 * The table's fill level changed, or its trend forecasts it full within the horizon.
 *
 * @param host           host name
 * @param timestamp      time of the sample
 * @param count          entries then
 * @param max            limit then
 * @param utilization    count / max, 0..1
 * @param level          level after hysteresis
 * @param forecastFullAt when the least-squares trend reaches max, if within the horizon
 */
public record SaturationFinding(
    String host,
    Instant timestamp,
    long count,
    long max,
    double utilization,
    SaturationLevel level,
    Instant forecastFullAt) implements Finding {

  public SaturationFinding {
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(timestamp, "timestamp");
    Objects.requireNonNull(level, "level");
  }

  @Override
  @JsonIgnore
  public Instant eventTime() {
    return timestamp;
  }
}
