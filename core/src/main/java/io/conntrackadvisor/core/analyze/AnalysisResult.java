package io.conntrackadvisor.core.analyze;

import io.conntrackadvisor.model.Finding;
import io.conntrackadvisor.model.Recommendation;
import java.util.List;

/**
 * The outcome of an offline analysis.
 *
 * @param findings        every finding, ordered by time
 * @param recommendations one per host that deserves one, ordered by time
 * @param stats           what was read and skipped
 */
public record AnalysisResult(List<Finding> findings, List<Recommendation> recommendations, ScanStats stats) {
}
