package io.capstan.app.config;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** Every policy example in docs/policy.md loads without problems. */
class PolicyDocsTest {
    private static final Path DOC = Path.of("../docs/policy.md");
    private static final Pattern YAML_BLOCK = Pattern.compile("```yaml\\n(.*?)```", Pattern.DOTALL);

    @TestFactory
    Stream<DynamicTest> everyExampleIsValid() throws IOException {
        String doc = Files.readString(DOC);
        Matcher m = YAML_BLOCK.matcher(doc);
        List<DynamicTest> tests = new ArrayList<>();
        while (m.find()) {
            String yaml = m.group(1);
            if (!yaml.startsWith("targets:")) continue;
            int line = (int) doc.substring(0, m.start()).lines().count() + 2;
            tests.add(DynamicTest.dynamicTest("policy.md line " + line, () -> {
                PolicyFile.Result r = PolicyFile.parse(yaml, Path.of("policy.md example at line " + line));
                assertThat(r.problems()).isEmpty();
                assertThat(r.targets()).isNotEmpty();
            }));
        }
        assertThat(tests).hasSizeGreaterThanOrEqualTo(10);
        return tests.stream();
    }
}
