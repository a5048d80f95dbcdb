package io.capstan.app.config;

import io.capstan.app.hpa.HpaManifestLoader;
import io.capstan.app.input.InputFile;
import io.capstan.app.input.InputLimits;
import io.capstan.app.input.Node;
import io.capstan.app.input.Problem;
import io.capstan.app.input.Problems;
import io.capstan.app.input.Tree;
import io.capstan.core.target.HpaTargets;
import io.capstan.core.target.TargetSpec;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Loads a Capstan policy file (YAML), or Kubernetes HorizontalPodAutoscaler manifests, into core
 * {@link TargetSpec}s. Never throws for anything a user can get wrong: every problem found, with its file, line and
 * column, comes back in the {@link Result}. See docs/policy.md for the language.
 */
public final class PolicyFile {
    private PolicyFile() {}

    /**
     * What loading gave.
     *
     * @param targets   the targets, in file order; empty whenever {@code problems} holds an error
     * @param problems  everything wrong with the file, errors and warnings, ordered by position
     * @param readError set when the file itself could not be read (missing, unreadable, not UTF-8);
     *                  then {@code problems} holds one problem saying so
     */
    public record Result(Path file, List<TargetSpec> targets, List<Problem> problems, InputFile.ReadError readError) {
        public Result {
            Objects.requireNonNull(file, "file");
            targets = List.copyOf(targets);
            problems = List.copyOf(problems);
            if (problems.stream().anyMatch(Problem::isError)) targets = List.of();
        }

        /** True when the file has no errors; it may have warnings. */
        public boolean isValid() {
            return problems.stream().noneMatch(Problem::isError);
        }

        public List<Problem> warnings() {
            return problems.stream().filter(p -> !p.isError()).toList();
        }
    }

    /**
     * A policy file as {@code capstan run} reads it: the policy and its live sections.
     *
     * @param live null whenever {@code policy} is not valid
     */
    public record Live(Result policy, LiveSections.Live live) {}

    /**
     * Reads a run config: the policy and its live sections ({@link LiveSections}), the default store under
     * {@code dataDir}.
     */
    public static Live loadLive(Path file, Path dataDir, InputLimits limits) {
        InputFile.Read read = InputFile.read(file, limits);
        if (!read.ok()) return new Live(new Result(file, List.of(), List.of(read.problem()), read.readError()), null);
        LiveSections.Live[] live = new LiveSections.Live[1];
        Result r;
        try {
            r = read(read.text(), file, limits, dataDir, l -> live[0] = l);
        } catch (RuntimeException | StackOverflowError e) {
            r = new Result(file, List.of(), List.of(Problem.error(file, 0, 0, "", INTERNAL_ERROR + e)), null);
        }
        return new Live(r, r.isValid() ? live[0] : null);
    }

    /** Reads and parses a file within the default input limits. */
    public static Result load(Path file) {
        return load(file, InputLimits.DEFAULT);
    }

    /** Reads and parses a file; a file that cannot be read gives one problem and a read error. */
    public static Result load(Path file, InputLimits limits) {
        InputFile.Read read = InputFile.read(file, limits);
        if (!read.ok()) return new Result(file, List.of(), List.of(read.problem()), read.readError());
        return parse(read.text(), file, limits);
    }

    /** Parses policy text; {@code nameForMessages} is the file name problems carry. */
    public static Result parse(String text, Path nameForMessages) {
        return parse(text, nameForMessages, InputLimits.DEFAULT);
    }

    /** As {@link #parse(String, Path)}, within the given input limits. */
    public static Result parse(String text, Path nameForMessages, InputLimits limits) {
        try {
            return read(text, nameForMessages, limits, DEFAULT_DATA, l -> {});
        } catch (RuntimeException | StackOverflowError e) {
            // A bug, not a user error; still a value, so one bad file cannot take down a run of many.
            return new Result(nameForMessages, List.of(), List.of(Problem.error(nameForMessages, 0, 0, "",
                    INTERNAL_ERROR + e)), null);
        }
    }

    /** The start of the message for a loader bug; tests assert it never appears. */
    static final String INTERNAL_ERROR = "internal error while loading this file (a bug in Capstan, please report it): ";

    /** Where {@code capstan run} keeps its data unless told otherwise ({@code --data}). */
    public static final Path DEFAULT_DATA = Path.of("capstan-data");

    private static Result read(String text, Path nameForMessages, InputLimits limits, Path dataDir,
                               java.util.function.Consumer<LiveSections.Live> live) {
        Problems problems = new Problems(nameForMessages);
        List<Node> docs = Tree.read(text, Tree.Format.of(nameForMessages), limits, problems);
        if (docs.stream().anyMatch(PolicyFile::isHpaManifest)) return loadHpaManifests(docs, problems);
        // apiVersion and kind make a Kubernetes manifest, not a policy whose keys are all wrong.
        if (!docs.isEmpty() && docs.get(0) instanceof Node.Mapping m && m.get("apiVersion") != null && m.get("kind") instanceof Node.Scalar k) {
            problems.add(m, "no HorizontalPodAutoscaler in this file: it is a Kubernetes manifest of kind " + k.text()
                    + "; validate reads Capstan policy files and HorizontalPodAutoscaler manifests");
            return new Result(nameForMessages, List.of(), problems.list(), null);
        }
        Node first = Tree.single(docs, Tree.Format.of(nameForMessages), "a policy document with a 'targets' list", problems);
        if (first == null) return new Result(nameForMessages, List.of(), problems.list(), null);
        List<TargetSpec> targets = new PolicyReader(problems, text).document(first);
        Path dir = nameForMessages.toAbsolutePath().getParent();
        LiveSections.Live sections = LiveSections.read(first, problems, dataDir, dir);
        if (sections != null) {
            for (TargetSpec t : targets) {
                var actuator = sections.actuators().get(t.name());
                if (actuator != null) actuator.check(t.bounds().max(), problems);
            }
        }
        live.accept(sections);
        return new Result(nameForMessages, targets, problems.list(), null);
    }

    /** True for a Kubernetes {@code kind: HorizontalPodAutoscaler} manifest. */
    static boolean isHpaManifest(Node document) {
        return document instanceof Node.Mapping m
                && m.get("kind") instanceof Node.Scalar s
                && HpaManifestLoader.KIND.equals(s.text());
    }

    /**
     * Each HPA manifest of a file loads as one target named after its metadata.name, with Kubernetes' exact behavior
     * (see {@link HpaTargets}), starting at minReplicas. Every document must be one: none is dropped.
     */
    static Result loadHpaManifests(List<Node> docs, Problems problems) {
        List<TargetSpec> targets = new ArrayList<>();
        List<String> names = new ArrayList<>();
        List<HpaManifestLoader.NamedSpec> all = HpaManifestLoader.parseAll(docs, problems);
        for (int i = 0; i < all.size(); i++) {
            HpaManifestLoader.NamedSpec named = all.get(i);
            String name = named.name().isBlank() ? "hpa" + (docs.size() > 1 ? "-" + (i + 1) : "") : named.name();
            if (names.contains(name)) {
                problems.add(docs.get(i), "duplicate HorizontalPodAutoscaler name '" + name + "'; each document must name its own");
                continue;
            }
            names.add(name);
            targets.add(HpaTargets.toTarget(name, named.spec(), Math.max(1, named.spec().minReplicas())));
        }
        return new Result(problems.file(), targets, problems.list(), null);
    }
}
