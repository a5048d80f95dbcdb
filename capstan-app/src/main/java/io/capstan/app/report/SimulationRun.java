package io.capstan.app.report;

import io.capstan.core.simulate.SimulationResult;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * One policy file replayed: where it came from, what it scored, and the label that names it in
 * column headers, legends and decisions.csv's policy column. Its rows, when the result kept
 * them, are what {@link ReportView#of} draws; a streamed run feeds a {@link ReportView.Builder} instead.
 */
public record SimulationRun(Path policyFile, SimulationResult result, String label) {
    public SimulationRun {
        Objects.requireNonNull(policyFile, "policy file");
        Objects.requireNonNull(result, "result");
        Objects.requireNonNull(label, "label");
    }

    /** A run labelled by its file name. */
    public SimulationRun(Path policyFile, SimulationResult result) {
        this(policyFile, result, label(policyFile));
    }

    /** The label of a run of this policy file: its file name. */
    public static String label(Path policyFile) {
        Path name = policyFile.getFileName();
        return name == null ? policyFile.toString() : name.toString();
    }

    /**
     * Labels for two compared files that tell them apart: each file's shortest path suffix that
     * differs from the other's ({@code d1/x.yaml} and {@code d2/x.yaml}), the file names when those
     * differ already. The same file twice is labelled {@code x.yaml} and {@code x.yaml (compare)}.
     */
    public static List<String> labels(Path policy, Path compare) {
        Path a = policy.normalize();
        Path b = compare.normalize();
        int na = a.getNameCount();
        int nb = b.getNameCount();
        for (int k = 1; k <= Math.max(na, nb); k++) {
            String sa = suffix(a, k);
            String sb = suffix(b, k);
            if (!sa.equals(sb)) return List.of(sa, sb);
        }
        String same = label(policy);
        return List.of(same, same + " (compare)");
    }

    /** The last {@code k} names of a path (all of it, root included, when it has no more). */
    private static String suffix(Path p, int k) {
        int n = p.getNameCount();
        return k >= n ? p.toString() : p.subpath(n - k, n).toString();
    }
}
