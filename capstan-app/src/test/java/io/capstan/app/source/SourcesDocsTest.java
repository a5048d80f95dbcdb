package io.capstan.app.source;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** docs/sources.md stays true: its first example reads, and its tables name exactly the keys and spellings there are. */
class SourcesDocsTest {
    private static final Path DOC = Path.of("../docs/sources.md");

    private static String doc() throws IOException {
        return Files.readString(DOC);
    }

    /** The first cell of each table row under a heading, without backticks. */
    private static List<String> tableKeys(String text, String heading) {
        String section = text.substring(text.indexOf(heading));
        section = section.substring(section.indexOf("\n|"));
        List<String> keys = new ArrayList<>();
        for (String row : section.substring(0, section.indexOf("\n\n", 2)).split("\n")) {
            String[] cells = row.split("\\|");
            if (cells.length < 2 || cells[1].isBlank() || cells[1].startsWith("---")) continue;
            Matcher m = Pattern.compile("`([^`]+)`").matcher(cells[1]);
            while (m.find()) keys.add(m.group(1));
        }
        return keys;
    }

    @Test
    void theFirstExampleReadsWithoutProblems() throws IOException {
        String text = doc();
        int start = text.indexOf("```yaml\n") + 8;
        SourceConfigs.Read r = SourceConfigs.read(text.substring(start, text.indexOf("```", start)));

        assertThat(r.problems()).isEmpty();
        assertThat(r.config().bindings()).hasSize(2);
    }

    @Test
    void thePrometheusKeyTableListsTheSectionsFields() throws IOException {
        assertThat(tableKeys(doc(), "| key | default | meaning |"))
                .containsExactly("url", "timeout", "staleness", "auth", "groupSize", "concurrency");
    }

    @Test
    void theHostTableListsEverySpellingThatReads() throws IOException {
        List<String> spellings = tableKeys(doc(), "| spelling | value | unit |");

        assertThat(spellings).containsExactly("cpu", "memory", "disk:<path>", "load1", "load5", "load15", "network.in", "network.out");
        for (String s : spellings) {
            String spelling = s.replace("<path>", "/");
            assertThat(SourceConfigs.read(SourceConfigs.withMetric("{host: '" + spelling + "'}", null)).problems()).as(spelling).isEmpty();
        }
    }
}
