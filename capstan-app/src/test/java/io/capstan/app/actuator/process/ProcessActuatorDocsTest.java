package io.capstan.app.actuator.process;

import io.capstan.app.input.Field;
import io.capstan.app.input.InputLimits;
import io.capstan.app.input.Node;
import io.capstan.app.input.Problems;
import io.capstan.app.input.Schema;
import io.capstan.app.input.Tree;
import io.capstan.core.model.Durations;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** docs/run.md stays true to the process actuator: its examples read, and every key and default is in its table. */
class ProcessActuatorDocsTest {
    private static final Path DOC = Path.of("../docs/run.md");

    @Test
    void everyActuatorExampleReadsWithoutProblems() throws IOException {
        Matcher m = Pattern.compile("```yaml\n(.*?)```", Pattern.DOTALL).matcher(Files.readString(DOC));
        int examples = 0;
        while (m.find()) {
            Problems problems = new Problems(Path.of("run.md"));
            Node.Mapping doc = (Node.Mapping) Tree.read(m.group(1), Tree.Format.YAML, InputLimits.DEFAULT, problems).get(0);
            if (doc.get("actuator") == null) continue; // another section's example (the store's)
            assertThat(ProcessActuatorFactory.settings((Node.Mapping) doc.get("actuator"), problems)).isNotNull();
            assertThat(problems.list()).isEmpty();
            examples++;
        }
        assertThat(examples).isEqualTo(2);
    }

    @Test
    void theKeyTableNamesEveryKeyAndItsDefault() throws IOException {
        String doc = Files.readString(DOC);
        for (Schema s : List.of(ProcessActuatorFactory.POOL, ProcessActuatorFactory.PORTS, ProcessActuatorFactory.READINESS_CHECK,
                ProcessActuatorFactory.RESTART_POLICY)) {
            for (Field<?> f : s.fields()) {
                // as `name` in the table or as name: inside a code span such as `{http: URL}`
                assertThat(doc).as("%s of %s", f.name(), s.what()).containsPattern("[`{ ]" + Pattern.quote(f.name()) + "[`:]");
                if (f.defaultValue() instanceof Duration d) {
                    assertThat(doc).as("default of %s", f.name()).contains("`" + Durations.format(d) + "`");
                }
            }
        }
    }
}
