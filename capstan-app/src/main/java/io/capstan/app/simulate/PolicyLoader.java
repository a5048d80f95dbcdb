package io.capstan.app.simulate;

import io.capstan.app.config.PolicyFile;
import io.capstan.app.input.InputException;
import io.capstan.app.input.InputLimits;
import io.capstan.core.target.TargetSpec;

import java.nio.file.Path;
import java.util.List;

/**
 * Loads a policy file into targets. The CLI wires this to the YAML policy loader
 * (io.capstan.app.config.PolicyFile); tests pass targets built in Java.
 */
@FunctionalInterface
public interface PolicyLoader {
    /** The file's targets; a file with errors throws its problems, each with file:line:column. */
    List<TargetSpec> load(Path file) throws InputException;

    /** The same, handing the file's warnings (located, as errors are) to {@code warnings}. */
    default List<TargetSpec> load(Path file, java.util.function.Consumer<io.capstan.app.input.Problem> warnings) throws InputException {
        return load(file);
    }

    /** The policy language's loader (Capstan policy files and HPA manifests). */
    static PolicyLoader yaml() {
        return yaml(InputLimits.DEFAULT);
    }

    /** The same, within the given input limits ({@code --max-input-size}). */
    static PolicyLoader yaml(InputLimits limits) {
        return new PolicyLoader() {
            @Override
            public List<TargetSpec> load(Path file) throws InputException {
                return load(file, w -> { });
            }

            @Override
            public List<TargetSpec> load(Path file, java.util.function.Consumer<io.capstan.app.input.Problem> warnings) throws InputException {
                PolicyFile.Result r = PolicyFile.load(file, limits);
                if (!r.isValid()) throw new InputException(r.problems());
                r.problems().forEach(warnings);
                return r.targets();
            }
        };
    }
}
