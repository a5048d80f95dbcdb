package io.capstan.app.config;

import io.capstan.app.input.InputLimits;
import io.capstan.app.input.InputPathConverter;
import io.capstan.app.input.InputSizeConverter;
import io.capstan.app.input.Problem;
import io.capstan.core.target.TargetSpec;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code capstan validate FILE...}: loads each policy file and prints {@code file: OK (N targets: a, b)}
 * or every problem as {@code file:line:column: path: message}. Exit code 0 when all files are
 * valid, 1 when any has problems or cannot be read (bad input, as for every command), 2 for a usage error.
 */
@Command(name = "validate", mixinStandardHelpOptions = true,
        description = {"Check Capstan policy files and Kubernetes HPA manifests (autoscaling/v2 HorizontalPodAutoscaler, YAML or JSON)"
                + " and print every problem with its file:line:column.",
                "A valid file prints 'FILE: OK (N targets: ...)'."},
        footer = {"", "Docs: docs/policy.md (policy files), docs/hpa.md (HPA manifests)."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:all files are valid", "1:a file has problems or cannot be read", "2:usage error",
                "70:internal error (a bug in Capstan: please report it)"})
public final class ValidateCommand implements Callable<Integer> {
    public static final int OK = 0;
    public static final int PROBLEMS = 1;

    @Spec
    CommandSpec spec;

    @Parameters(arity = "1..*", paramLabel = "FILE", converter = InputPathConverter.class, description = "Policy files or HPA manifests (YAML or JSON) to validate.")
    List<Path> files;

    @Option(names = "--max-input-size", paramLabel = "SIZE", converter = InputSizeConverter.class,
            description = "the largest file read (default: 4MiB); e.g. 16MiB")
    InputLimits limits = InputLimits.DEFAULT;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        int exit = OK;
        for (Path file : files) {
            PolicyFile.Result result = PolicyFile.load(file, limits);
            if (result.readError() != null) {
                // one line: the reason may echo the path (a file system error's message often is the path)
                err.println(Problem.escapeName(file + ": " + result.problems().get(0).message()));
                exit = PROBLEMS;
            } else if (result.isValid()) {
                for (Problem w : result.warnings()) err.println(w);
                List<String> names = result.targets().stream().map(TargetSpec::name).toList();
                out.println(Problem.escapeName(file.toString()) + Problem.escape(": OK (" + names.size() + (names.size() == 1 ? " target: " : " targets: ") + String.join(", ", names) + ")"));
            } else {
                for (Problem p : result.problems()) err.println(p);
                exit = Math.max(exit, PROBLEMS);
            }
        }
        out.flush();
        err.flush();
        return exit;
    }
}
