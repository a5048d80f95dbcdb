package io.capstan.app.fuzz;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;

/**
 * An input surface of the CLI: the valid files its fuzzing starts from, and the commands one input goes through.
 * A case is a base (the valid input it was made from, which also picks the companion files) and the input's bytes;
 * a regression file is named {@code <base>-<anything>.<extension>} so that it replays through the same commands.
 */
enum Surface {
    /** Capstan policy files: validate, then, when valid, simulate on a trace slice. */
    POLICY("policy", "yaml", Mutator.Format.YAML),
    /** Kubernetes HPA manifests (YAML or JSON): validate, then, when valid, simulate alone or as a comparison. */
    HPA("hpa", "yaml", Mutator.Format.YAML),
    /**
     * explain scenarios (HPA and Capstan policy formats). A policy path starting {@code EXAMPLES/} or
     * {@code RESOURCES/} names a file of examples/ or src/test/resources/, so that a stored scenario replays anywhere.
     */
    SCENARIO("scenario", "json", Mutator.Format.JSON),
    /** Trace CSV files, replayed through a fixed policy. */
    TRACE("trace", "csv", Mutator.Format.CSV),
    /** Command lines, one argument per line of a {@code .args} file. */
    CLI("cli", "args", null),
    /** Plan files, planned on a trace slice a day ahead. */
    PLAN("plan", "yaml", Mutator.Format.YAML);

    static final Path REPO = Path.of("..").toAbsolutePath().normalize();
    static final Path EXAMPLES = REPO.resolve("examples");
    static final Path RESOURCES = Path.of("src", "test", "resources").toAbsolutePath();
    static final Path MONGODB_SLICE = RESOURCES.resolve("fuzz/mongodb-300.csv");
    static final Path EC2_SLICE = RESOURCES.resolve("fuzz/ec2-cpu-300.csv");

    final String dir;
    final String extension;
    final Mutator.Format format;

    Surface(String dir, String extension, Mutator.Format format) {
        this.dir = dir;
        this.extension = extension;
        this.format = format;
    }

    /** The valid inputs this surface's fuzzing starts from, by base name. */
    Map<String, String> bases() {
        return switch (this) {
            case POLICY -> files(Stream.of("sergas", "arq", "hyperverge", "phoenix", "ci-failure-agent").map(n -> EXAMPLES.resolve(n + ".yaml")),
                    RESOURCES.resolve("policies/full.yaml"));
            case HPA -> {
                Map<String, String> m = files(Stream.of(EXAMPLES.resolve("sergas-hpa.yaml")), RESOURCES.resolve("hpa-conformance/policies/two-hpas.yaml"));
                // The conformance scenarios' inline manifests, as JSON documents (YAML reads them too).
                for (String name : List.of("scale-up-with-scaling-rules", "scale-up-cm-object", "scale-up-per-pod-cm-external",
                        "scale-up-container", "scale-down-behavior-window-edge")) {
                    m.put(name, inlinePolicy(RESOURCES.resolve("hpa-conformance/" + name + ".json")));
                }
                yield m;
            }
            case SCENARIO -> {
                List<Path> files = new ArrayList<>(list(RESOURCES.resolve("fuzz/scenarios")));
                list(RESOURCES.resolve("hpa-conformance")).stream().filter(p -> p.toString().endsWith(".json")).forEach(files::add);
                yield files(files.stream());
            }
            case TRACE -> {
                Map<String, String> m = files(Stream.of(MONGODB_SLICE, EC2_SLICE));
                m.put("ec2-headed", read(EC2_SLICE).replaceFirst("timestamp,value", "timestamp,cpu"));
                yield m;
            }
            case CLI -> CliArgs.BASES;
            case PLAN -> {
                Map<String, String> m = files(Stream.of(EXAMPLES.resolve("plan.yaml")));
                m.put("plan-table", "plan:\n  metric: demand\n  replicas: 10\n  capacityTable:\n    - {load: 100, replicas: 2}\n"
                        + "    - {load: 1000, replicas: 5}\n    - {load: 10000, replicas: 15}\n  spikeReserve: 30\n"
                        + "  phases:\n    - {name: split, at: 5000}\n");
                // several targets over shared defaults (each reads the slice's demand column)
                m.put("plan-targets", "plan: {metric: demand, replicas: 10, spikeReserve: 30}\ncost:\n  currentSize: m\n  sizes:\n"
                        + "    - {name: m, vcpu: 1, memoryGiB: 2, onDemand: 0.05}\ntargets:\n  - name: api\n    capacityPerReplica: 100\n"
                        + "  - name: batch\n    replicas: 4\n    cost: null\n    thresholds:\n      - {name: plan, at: 60}\n      - {name: act, at: 80}\n");
                yield m;
            }
        };
    }

    /**
     * Runs one input through this surface's commands, in {@code work} (an empty directory). Fuzzed and replayed
     * inputs go through exactly the same checks.
     */
    Outcome run(String base, byte[] input, Path work, Random random) throws IOException {
        Outcome outcome = new Outcome();
        switch (this) {
            case POLICY, HPA -> {
                Path file = Files.write(work.resolve("input.yaml"), input);
                CliRun validate = outcome.add(CliRun.of(List.of("validate", file.toString())));
                if (validate.exit() == 0) {
                    Path out = work.resolve("out");
                    OutputDir before = OutputDir.prepare(out, random);
                    List<String> args = this == HPA && base.equals("sergas-hpa")
                            ? List.of("simulate", "--policy", EXAMPLES.resolve("sergas.yaml").toString(), "--compare", file.toString(),
                            "--trace", MONGODB_SLICE.toString(), "--out", out.toString())
                            : base.equals("sergas") ? List.of("simulate", "--policy", file.toString(), "--trace", MONGODB_SLICE.toString(),
                            "--out", out.toString())
                            : List.of("simulate", "--policy", file.toString(), "--trace", "cpu=" + EC2_SLICE, "--step", "5m", "--out", out.toString());
                    CliRun simulate = outcome.add(CliRun.of(args));
                    outcome.note(simulate, before.check(simulate.exit()));
                }
            }
            case SCENARIO -> {
                String text = new String(input, StandardCharsets.ISO_8859_1)
                        .replace("EXAMPLES/", EXAMPLES.toString().replace('\\', '/') + "/")
                        .replace("RESOURCES/", RESOURCES.toString().replace('\\', '/') + "/");
                Path policies = Files.createDirectories(work.resolve("policies"));
                Files.copy(RESOURCES.resolve("hpa-conformance/policies/two-hpas.yaml"), policies.resolve("two-hpas.yaml"));
                Path file = Files.write(work.resolve("scenario.json"), text.getBytes(StandardCharsets.ISO_8859_1));
                CliRun run = outcome.add(CliRun.of(List.of("explain", file.toString())));
                if (run.exit() == 0 || run.exit() == 1) outcome.note(run, OutputDir.jsonArray(run.out()));
            }
            case TRACE -> {
                Path file = Files.write(work.resolve("trace.csv"), input);
                Path out = work.resolve("out");
                OutputDir before = OutputDir.prepare(out, random);
                List<String> args = switch (base) {
                    case "ec2-cpu-300" -> List.of("simulate", "--policy", EXAMPLES.resolve("sergas.yaml").toString(), "--trace", "cpu=" + file,
                            "--step", "5m", "--out", out.toString());
                    default -> List.of("simulate", "--policy", EXAMPLES.resolve("sergas.yaml").toString(), "--trace", file.toString(),
                            "--out", out.toString());
                };
                CliRun simulate = outcome.add(CliRun.of(args));
                outcome.note(simulate, before.check(simulate.exit()));
            }
            case PLAN -> {
                Path file = Files.write(work.resolve("input.yaml"), input);
                outcome.add(CliRun.of(List.of("plan", "--config", file.toString(), "--history", MONGODB_SLICE.toString(), "--lookahead", "1d",
                        "--out", work.resolve("out").toString())));
            }
            case CLI -> {
                List<String> args = CliArgs.resolve(CliArgs.parse(input), work);
                CliArgs.assumeOutputInside(args, work);
                Path out = work.resolve("out");
                OutputDir before = OutputDir.prepare(out, random);
                CliRun run = outcome.add(CliRun.of(args));
                // A run that printed help or a usage error writes nothing, whatever its exit code.
                boolean simulated = run.exit() == 0 && run.out().contains("Report: ");
                if (args.contains("simulate") && args.contains(out.toString())) outcome.note(run, before.check(simulated ? 0 : 1));
            }
        }
        return outcome;
    }

    /** The base a regression file replays through: the longest base name its file name starts with. */
    String baseOf(Path regression) {
        String name = regression.getFileName().toString();
        return bases().keySet().stream().filter(b -> name.startsWith(b + "-") || name.equals(b + "." + extension))
                .max(java.util.Comparator.comparingInt(String::length))
                .orElseThrow(() -> new IllegalArgumentException(regression + ": the name must start with one of " + bases().keySet()));
    }

    /** The runs of one case and what was wrong with them. */
    static final class Outcome {
        final List<CliRun> runs = new ArrayList<>();
        final List<String> findings = new ArrayList<>();

        CliRun add(CliRun run) {
            runs.add(run);
            note(run, run.findings());
            return run;
        }

        /** Findings about a run's output files, checked once its exit code is known. */
        void note(CliRun run, List<String> more) {
            String command = run.args().isEmpty() ? "(no arguments)" : run.args().get(0);
            for (String f : more) findings.add(command + ": " + f);
        }

        String describe() {
            StringBuilder sb = new StringBuilder();
            for (String f : findings) sb.append("  - ").append(f).append('\n');
            for (CliRun r : runs) sb.append(r.describe()).append('\n');
            return sb.toString();
        }
    }

    private static Map<String, String> files(Stream<Path> paths, Path... more) {
        Map<String, String> m = new java.util.TreeMap<>();
        Stream.concat(paths, Stream.of(more)).forEach(p -> m.put(p.getFileName().toString().replaceFirst("\\.[a-z]+$", ""), read(p)));
        return m;
    }

    static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<Path> list(Path dir) {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(Files::isRegularFile).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String inlinePolicy(Path scenario) {
        try {
            var mapper = new com.fasterxml.jackson.databind.ObjectMapper();
            return mapper.writerWithDefaultPrettyPrinter().writeValueAsString(mapper.readTree(scenario.toFile()).get("policy")) + "\n";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
