package io.capstan.app.config;

import io.capstan.core.target.TargetSpec;

import java.io.IOException;
import java.nio.charset.MalformedInputException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * Loads a Capstan policy file (YAML) into core {@link TargetSpec}s. Never throws for anything a
 * user can get wrong: every problem found, with its file, line and column, comes back in the
 * {@link Result}. See docs/policy.md for the language.
 */
public final class PolicyFile {
    private PolicyFile() {}

    /**
     * What loading gave.
     *
     * @param targets  the targets, in file order; empty whenever {@code problems} is not
     * @param problems everything wrong with the file, ordered by position
     * @param readError set when the file itself could not be read (missing, unreadable, not UTF-8);
     *                 then {@code problems} holds one problem saying so
     */
    public record Result(Path file, List<TargetSpec> targets, List<ConfigProblem> problems, ReadError readError) {
        public Result {
            Objects.requireNonNull(file, "file");
            targets = List.copyOf(targets);
            problems = List.copyOf(problems);
            if (!problems.isEmpty()) targets = List.of();
        }

        public boolean isValid() {
            return problems.isEmpty();
        }
    }

    /** Why a file could not be read at all, as opposed to being read and found wrong. */
    public enum ReadError { NOT_FOUND, UNREADABLE }

    /** Reads and parses a file; a file that cannot be read gives one problem and a {@link ReadError}. */
    public static Result load(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (java.nio.file.NoSuchFileException e) {
            return unreadable(file, ReadError.NOT_FOUND, "file not found");
        } catch (MalformedInputException e) {
            return unreadable(file, ReadError.UNREADABLE, "cannot read file: it is not UTF-8 text");
        } catch (IOException | SecurityException e) {
            String why = Files.isDirectory(file) ? "it is a directory" : e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
            return unreadable(file, ReadError.UNREADABLE, "cannot read file: " + why);
        }
        return parse(text, file);
    }

    /** Parses policy text; {@code nameForMessages} is the file name problems carry. */
    public static Result parse(String text, Path nameForMessages) {
        try {
            return read(text, nameForMessages);
        } catch (RuntimeException | StackOverflowError e) {
            // A bug, not a user error; still a value, so one bad file cannot take down a run of many.
            return new Result(nameForMessages, List.of(), List.of(new ConfigProblem(nameForMessages, 0, 0, "",
                    INTERNAL_ERROR + e)), null);
        }
    }

    /** The start of the message for a loader bug; tests assert it never appears. */
    static final String INTERNAL_ERROR = "internal error while loading this file (a bug in Capstan, please report it): ";

    private static Result read(String text, Path nameForMessages) {
        Problems problems = new Problems(nameForMessages);
        YamlTree.Read read = YamlTree.read(text, problems);
        if (read.error() != null) {
            YamlTree.SyntaxError e = read.error();
            problems.add(e.line(), e.column(), "", e.message());
            return new Result(nameForMessages, List.of(), problems.list(), null);
        }
        List<YamlNode> docs = read.documents();
        if (docs.isEmpty()) {
            problems.add(1, 1, "", "expected a policy document with a 'targets' list, found an empty file");
            return new Result(nameForMessages, List.of(), problems.list(), null);
        }
        YamlNode first = docs.get(0);
        if (isHpaManifest(first)) {
            return loadHpaManifest(text, nameForMessages);
        }
        if (docs.size() > 1) {
            YamlNode second = docs.get(1);
            problems.add(second.line(), second.column(), "", "expected one YAML document, found " + docs.size()
                    + "; put all targets in one document's 'targets' list");
        }
        List<TargetSpec> targets = new PolicyReader(problems, text).document(first);
        return new Result(nameForMessages, targets, problems.list(), null);
    }

    /** True for a Kubernetes {@code kind: HorizontalPodAutoscaler} manifest. */
    static boolean isHpaManifest(YamlNode document) {
        return document instanceof YamlNode.Mapping m
                && m.entries().get("kind") instanceof YamlNode.Entry e
                && e.value() instanceof YamlNode.Scalar s
                && "HorizontalPodAutoscaler".equals(s.text());
    }

    /**
     * An HPA manifest loads as one target named after its metadata.name (or its scaleTargetRef), with
     * Kubernetes' exact behavior (see {@link io.capstan.core.target.HpaTargets}), starting at minReplicas.
     */
    static Result loadHpaManifest(String text, Path file) {
        try {
            List<io.capstan.app.hpa.LocatedTree.Node> docs = io.capstan.app.hpa.LocatedTree.read(
                    new com.fasterxml.jackson.dataformat.yaml.YAMLFactory(), text, file.toString());
            io.capstan.app.hpa.HpaManifestLoader.NamedSpec named = io.capstan.app.hpa.HpaManifestLoader.parse(docs.get(0));
            String name = named.name().isBlank() ? "hpa" : named.name();
            TargetSpec target = io.capstan.core.target.HpaTargets.toTarget(name, named.spec(), Math.max(1, named.spec().minReplicas()));
            return new Result(file, List.of(target), List.of(), null);
        } catch (io.capstan.app.hpa.ProblemException e) {
            io.capstan.app.hpa.Problem p = e.problem();
            return new Result(file, List.of(), List.of(new ConfigProblem(file, p.line(), p.column(), p.path(), p.message())), null);
        }
    }

    private static Result unreadable(Path file, ReadError error, String message) {
        return new Result(file, List.of(), List.of(new ConfigProblem(file, 0, 0, "", message)), error);
    }
}
