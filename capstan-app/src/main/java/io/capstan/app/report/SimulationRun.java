package io.capstan.app.report;

import io.capstan.core.simulate.SimulationResult;
import io.capstan.core.simulate.TargetResult;

import java.nio.file.Path;
import java.util.Objects;

/**
 * One policy file replayed: where it came from, what it scored, and the bounded view the report
 * draws ({@link RunView}).
 */
public record SimulationRun(Path policyFile, SimulationResult result, RunView view) {
    public SimulationRun {
        Objects.requireNonNull(policyFile, "policy file");
        Objects.requireNonNull(result, "result");
        Objects.requireNonNull(view, "view");
    }

    /** A run whose result kept its rows; the view is built from them. */
    public SimulationRun(Path policyFile, SimulationResult result) {
        this(policyFile, result, RunView.of(result, result.targets().stream().map(TargetResult::spec).toList()));
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
