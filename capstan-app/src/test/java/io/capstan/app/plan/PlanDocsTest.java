package io.capstan.app.plan;

import io.capstan.app.input.Schema;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** docs/plan.md documents every key the plan file accepts, and the example it shows is the shipped one's shape. */
class PlanDocsTest {
    @Test
    void everyPlanKeyIsInTheDocsTable() throws IOException {
        String docs = Files.readString(Path.of("../docs/plan.md"));
        for (Schema s : List.of(PlanFile.PLAN, PlanFile.PER_REPLICA, PlanFile.ROW, PlanFile.THRESHOLD, PlanFile.PHASE)) {
            for (String key : s.names()) assertThat(docs).as("docs/plan.md names %s of %s", key, s.what()).contains(key);
        }
        for (String key : PlanFile.PLAN.names()) assertThat(docs).contains("| `" + key + "` |");
        for (String key : List.of(PlanFile.TARGETS.name(), PlanFile.TARGET_NAME.name())) assertThat(docs).contains("| `" + key + "` |");
    }
}
