package io.capstan.app.simulate;

import io.capstan.core.model.TargetSpec;

import java.nio.file.Path;
import java.util.List;

/**
 * Loads a policy file into targets. The CLI wires this to the YAML policy loader
 * (io.capstan.app.config.PolicyFile); tests pass targets built in Java.
 */
@FunctionalInterface
public interface PolicyLoader {
    List<TargetSpec> load(Path file) throws PolicyLoadException;

    /** A loader for builds without policy loading: every load is a problem saying so. */
    static PolicyLoader unavailable() {
        return file -> {
            throw new PolicyLoadException(List.of(file + ": policy files cannot be loaded in this build (no policy loader is wired)"));
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
