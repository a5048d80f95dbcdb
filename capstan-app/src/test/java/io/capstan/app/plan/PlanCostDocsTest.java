package io.capstan.app.plan;

import io.capstan.app.input.Schema;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** docs/plan.md has a row for every key of the cost and right-sizing sections. */
class PlanCostDocsTest {
    @Test
    void everyCostAndRightsizingKeyIsInTheDocs() throws IOException {
        String docs = Files.readString(Path.of("../docs/plan.md"));
        for (Schema s : List.of(CostSection.SECTION, CostSection.SIZE, RightsizingSection.SECTION, RightsizingSection.CONTAINER)) {
            for (String key : s.names()) {
                if (key.equals("cpu") || key.equals("memory") || key.equals("oom")) continue; // a container's series: in the prose and the example
                assertThat(docs).as("docs/plan.md has a row for %s of %s", key, s.what()).contains("| `" + key + "` |");
            }
        }
    }

    @Test
    void theShippedRightsizingExampleRuns(@org.junit.jupiter.api.io.TempDir Path dir) throws IOException {
        io.capstan.app.CliRun r = io.capstan.app.CliRun.of("plan", "--config", "../examples/plan-rightsizing.yaml", "--history",
                "../examples/plan-containers.csv", "--lookahead", "30d", "--out", dir.toString());
        assertThat(r.exit()).as(r.err()).isZero();
        String md = Files.readString(dir.resolve("plan.md"));
        assertThat(md).contains("## Cost").contains("## Right-sizing").contains("| worker | memory | 384 MiB |").contains("1 OOM kill)");
    }
}
