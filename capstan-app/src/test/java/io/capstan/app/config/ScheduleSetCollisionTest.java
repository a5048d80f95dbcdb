package io.capstan.app.config;

import io.capstan.app.input.Problem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Two schedule set entries of one target that fire at the same instant: at run time the first would silently win. */
class ScheduleSetCollisionTest {
    @TempDir
    Path dir;

    private List<String> problems(String policies) throws IOException {
        Path f = Files.writeString(dir.resolve("p.yaml"), "targets:\n  - name: web\n    replicas: {min: 1, max: 20}\n    policies:\n" + policies);
        return PolicyFile.load(f).problems().stream().filter(Problem::isError).map(Problem::toString)
                .map(s -> s.substring(dir.toString().length() + 1)).toList();
    }

    private static String schedule(String name, String... entries) {
        StringBuilder b = new StringBuilder("      - name: " + name + "\n        schedule:\n");
        for (String e : entries) b.append("          - ").append(e).append('\n');
        return b.toString();
    }

    @Test
    void twoCronsOfOneScheduleThatCoincideAreAnErrorNamingBothAndAnInstant() throws IOException {
        assertThat(problems(schedule("business", "{name: weekdays, cron: \"0 8 * * 1-5\", set: 10}", "{name: monthly, cron: \"0 8 1 * *\", set: 4}")))
                .singleElement().asString()
                .startsWith("p.yaml:8:13: targets[0].policies[0].schedule[1]: set entry 'monthly' of schedule business fires at 2000-02-01T08:00:00Z"
                        + " together with 'weekdays' of schedule business (line 7)")
                .contains("sets 10 instead of 4");
    }

    @Test
    void entriesOfTwoSchedulesInDifferentZonesCollideWhenTheirInstantsDo() throws IOException {
        // 09:00 in Berlin is 08:00 UTC in winter
        assertThat(problems(schedule("a", "{name: utc, cron: \"0 8 * * 1-5\", set: 10}")
                + schedule("b", "{name: berlin, cron: \"0 9 * * *\", timeZone: Europe/Berlin, set: 6}")))
                .singleElement().asString().startsWith("p.yaml:10:13: targets[0].policies[1].schedule[0]: set entry 'berlin' of schedule b"
                        + " fires at 2000-01-03T08:00:00Z together with 'utc' of schedule a (line 7)");
        // 09:00 in Kolkata (+05:30 all year) is never a whole UTC hour
        assertThat(problems(schedule("a", "{name: utc, cron: \"0 * * * *\", set: 10}")
                + schedule("b", "{name: kolkata, cron: \"0 9 * * *\", timeZone: Asia/Kolkata, set: 6}"))).isEmpty();
    }

    @Test
    void aWindowStartingWhenACronFiresCollides() throws IOException {
        assertThat(problems(schedule("s", "{name: weekdays, cron: \"0 8 * * 1-5\", set: 10}",
                "{name: launch, start: \"2026-03-10T08:00:00Z\", end: \"2026-03-11T00:00:00Z\", set: 15}")))
                .singleElement().asString().contains("set entry 'launch' of schedule s fires at 2026-03-10T08:00:00Z together with 'weekdays'");
        assertThat(problems(schedule("s", "{name: a, start: \"2026-03-10T08:00:00Z\", end: \"2026-03-11T00:00:00Z\", set: 15}")
                + schedule("t", "{name: b, start: \"2026-03-10T09:00:00+01:00\", end: \"2026-03-12T00:00:00Z\", set: 3}")))
                .singleElement().asString().contains("set entry 'b' of schedule t fires at 2026-03-10T08:00:00Z together with 'a' of schedule s");
        // a window starting on a Saturday does not meet a weekday cron
        assertThat(problems(schedule("s", "{name: weekdays, cron: \"0 8 * * 1-5\", set: 10}",
                "{name: launch, start: \"2026-03-14T08:00:00Z\", end: \"2026-03-15T00:00:00Z\", set: 15}"))).isEmpty();
    }

    @Test
    void entriesThatNeverCoincideOrAgreeAreFine() throws IOException {
        // the shape of examples/sergas.yaml: weekday mornings and evenings, weekends
        assertThat(problems(schedule("s", "{name: morning, cron: \"0 8 * * 1-5\", set: 10}", "{name: evening, cron: \"0 20 * * 1-5\", set: 3}",
                "{name: weekend, cron: \"0 0 * * 0,6\", set: 2}"))).isEmpty();
        // the same count either way: whichever acts, the count is the same
        assertThat(problems(schedule("s", "{name: a, cron: \"0 8 * * *\", set: 5}", "{name: b, cron: \"0 8 * * 1\", set: 5}"))).isEmpty();
        // floors without set are periods, not firings
        assertThat(problems(schedule("s", "{name: a, cron: \"0 8 * * *\", duration: 1h, min: 5}", "{name: b, cron: \"0 8 * * *\", duration: 1h, min: 7}")))
                .isEmpty();
        // a leap day on a Monday (2044) meets a Monday cron
        assertThat(problems(schedule("s", "{name: leap, cron: \"0 8 29 2 *\", set: 5}", "{name: monday, cron: \"0 8 * * 1\", set: 7}")))
                .singleElement().asString().contains("fires at 2016-02-29T08:00:00Z");
    }

    @Test
    void eachTargetIsCheckedOnItsOwn() throws IOException {
        Path f = Files.writeString(dir.resolve("two.yaml"), """
                targets:
                  - name: a
                    replicas: {min: 1, max: 20}
                    policies:
                      - {name: s, schedule: [{name: x, cron: "0 8 * * *", set: 3}]}
                  - name: b
                    replicas: {min: 1, max: 20}
                    policies:
                      - {name: s, schedule: [{name: y, cron: "0 8 * * *", set: 4}]}
                """);
        assertThat(PolicyFile.load(f).problems()).isEmpty();
    }
}
