package io.capstan.app.simulate;

import io.capstan.core.target.TargetSpec;

import java.nio.file.Path;
import java.util.List;

/**
 * Loads a policy file into targets. The CLI wires this to the YAML policy loader
 * (io.capstan.app.config.PolicyFile); tests pass targets built in Java.
 */
@FunctionalInterface
public interface PolicyLoader {
    List<TargetSpec> load(Path file) throws PolicyLoadException;

    /** The policy language's loader (Capstan policy files and HPA manifests), problems as file:line:column lines. */
    static PolicyLoader yaml() {
        return yaml(io.capstan.app.input.InputLimits.DEFAULT);
    }

    /** The same, within the given input limits ({@code --max-input-size}). */
    static PolicyLoader yaml(io.capstan.app.input.InputLimits limits) {
        return file -> {
            io.capstan.app.config.PolicyFile.Result r = io.capstan.app.config.PolicyFile.load(file, limits);
            if (!r.isValid()) throw new PolicyLoadException(r.problems().stream().map(io.capstan.app.input.Problem::toString).toList());
            return r.targets();
        };
    }

    /** Why a policy file could not be loaded: one line per problem, each naming file:line:column where known. */
    final class PolicyLoadException extends Exception {
        private static final long serialVersionUID = 1L;
        private final List<String> problems;

        public PolicyLoadException(List<String> problems) {
            super(String.join("\n", problems));
            this.problems = List.copyOf(problems);
        }

        public List<String> problems() {
            return problems;
        }
    }
}
