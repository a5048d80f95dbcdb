package io.capstan.app.report;

import io.capstan.core.simulate.SimulationResult;

import java.nio.file.Path;
import java.util.Objects;

/**
 * One policy file replayed: where it came from and what it scored. Its rows, when the result kept
 * them, are what {@link ReportView#of} draws; a streamed run feeds a {@link ReportView.Builder} instead.
 */
public record SimulationRun(Path policyFile, SimulationResult result) {
    public SimulationRun {
        Objects.requireNonNull(policyFile, "policy file");
        Objects.requireNonNull(result, "result");
    }

    /** The file name, for column headers and legends. */
    public String label() {
        return label(policyFile);
    }

    /** The label of a run of this policy file. */
    public static String label(Path policyFile) {
        Path name = policyFile.getFileName();
        return name == null ? policyFile.toString() : name.toString();
    }
}
