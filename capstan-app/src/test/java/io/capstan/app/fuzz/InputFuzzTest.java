package io.capstan.app.fuzz;

import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.opentest4j.TestAbortedException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * Seeded fuzzing of every input surface through the whole CLI, in process: each case damages a valid input
 * ({@link Mutator}, {@link CliArgs}) and runs it through the commands that read it ({@link Surface}). Whatever the
 * damage, the answer is an exit code of 0, 1 or 2 with no internal error, stack trace or Java class name in the
 * output; simulate leaves its three files complete or the directory untouched; explain prints one JSON array. The
 * timeout is a hang guard, not a speed check.
 *
 * <p>{@code -Dcapstan.fuzz.iterations=N} runs N cases per surface (default {@value #DEFAULT_ITERATIONS}),
 * {@code -Dcapstan.fuzz.seed=S} starts at seed S (default 1), so a long run explores cases the normal suite does not;
 * {@code -Dcapstan.fuzz.surface=policy|hpa|scenario|trace|cli|plan} runs one surface only.
 * A failure names the command, the outputs and where its input was written (target/fuzz-failures); keep it under
 * src/test/resources/fuzz-regressions (see {@link FuzzRegressionTest}).
 */
class InputFuzzTest {
    static final int DEFAULT_ITERATIONS = 40;
    private static final Map<Surface, Map<String, String>> BASES = new EnumMap<>(Surface.class);

    @TempDir
    Path work;

    /** Every surface (or the one {@code -Dcapstan.fuzz.surface=NAME} names) with every seed of the run. */
    static Stream<Arguments> cases() {
        long first = Long.getLong("capstan.fuzz.seed", 1);
        int iterations = Integer.getInteger("capstan.fuzz.iterations", DEFAULT_ITERATIONS);
        String only = System.getProperty("capstan.fuzz.surface");
        return Arrays.stream(Surface.values()).filter(s -> only == null || s.dir.equalsIgnoreCase(only))
                .flatMap(s -> LongStream.range(first, first + iterations).mapToObj(seed -> Arguments.of(s, seed)));
    }

    @ParameterizedTest(name = "{0} seed {1}")
    @MethodSource("cases")
    @Timeout(value = 20, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void fuzz(Surface surface, long seed) throws IOException {
        Random random = new Random(seed * 0x9E3779B97F4A7C15L + surface.ordinal());
        Map<String, String> bases = bases(surface);
        List<String> names = new ArrayList<>(bases.keySet());
        String base = names.get(random.nextInt(names.size()));
        byte[] input = surface == Surface.CLI ? CliArgs.mutate(bases.get(base), random)
                : new Mutator(random, surface.format).mutate(bases.get(base));
        Corpus.assumeNotKnown(surface, input);
        // Saved before the run, so that a hang (which ends the case from outside) leaves its input too.
        Path saved = Corpus.saveFailure(surface, base, seed, input);
        Surface.Outcome outcome;
        try {
            outcome = surface.run(base, input, work, random);
        } catch (TestAbortedException e) {
            Files.delete(saved);
            throw e;
        }
        if (outcome.findings.isEmpty()) {
            Files.delete(saved);
        } else {
            fail(surface.dir + " seed " + seed + " (from " + base + "):\n" + outcome.describe() + "input: " + saved
                    + "\nkeep it: copy it to src/test/resources/fuzz-regressions/" + surface.dir + "/ with a name that says what fails");
        }
    }

    private static synchronized Map<String, String> bases(Surface surface) {
        return BASES.computeIfAbsent(surface, Surface::bases);
    }
}
