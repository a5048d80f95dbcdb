package io.capstan.app.fuzz;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.abort;

/**
 * Replays every input fuzzing ever failed on ({@code src/test/resources/fuzz-regressions/<surface>/}) through the
 * same commands and checks as {@link InputFuzzTest}. Inputs listed in {@code known-failing.txt} are skipped with
 * their reason; {@code -Dcapstan.fuzz.known=run} runs them too and fails for each one that now passes, so that it
 * leaves the list.
 */
class FuzzRegressionTest {
    @TempDir
    Path work;

    static List<String> regressions() {
        return Corpus.regressions();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("regressions")
    @Timeout(value = 20, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void replays(String regression) throws IOException {
        String reason = Corpus.knownFailing().get(regression);
        if (reason != null && !"run".equals(System.getProperty("capstan.fuzz.known"))) {
            abort("known failure, fix under way: " + reason + " (run it with -Dcapstan.fuzz.known=run)");
        }
        Surface surface = surface(regression);
        Path file = Corpus.DIR.resolve(regression);
        Surface.Outcome outcome = surface.run(surface.baseOf(file), Files.readAllBytes(file), work, new Random(regression.hashCode()));
        if (reason != null) {
            if (outcome.findings.isEmpty()) fail(regression + " passes now: remove it from known-failing.txt");
            abort("still fails (" + reason + "):\n" + outcome.describe());
        }
        assertThat(outcome.findings).as("%s:%n%s", regression, outcome.describe()).isEmpty();
    }

    @Test
    void everyKnownFailureIsACorpusFileWithAReason() {
        assertThat(Corpus.knownFailing()).allSatisfy((file, reason) -> {
            assertThat(Corpus.regressions()).as("known-failing.txt names %s", file).contains(file);
            assertThat(reason).isNotBlank();
        });
    }

    @Test
    void everyCorpusFileReplaysThroughABase() {
        for (String regression : Corpus.regressions()) {
            if (regression.equals("known-failing.txt")) continue;
            Surface surface = surface(regression);
            assertThat(surface.baseOf(Corpus.DIR.resolve(regression))).as(regression).isNotBlank();
        }
    }

    private static Surface surface(String regression) {
        String dir = regression.substring(0, regression.indexOf('/'));
        for (Surface s : Surface.values()) if (s.dir.equals(dir)) return s;
        throw new IllegalArgumentException(regression + ": no surface " + dir);
    }
}
