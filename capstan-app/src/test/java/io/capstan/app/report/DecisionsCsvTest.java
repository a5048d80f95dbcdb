package io.capstan.app.report;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class DecisionsCsvTest {
    @Test
    void quotesOnlyWhatNeedsIt() {
        assertThat(DecisionsCsv.quote("plain text")).isEqualTo("plain text");
        assertThat(DecisionsCsv.quote("a,b")).isEqualTo("\"a,b\"");
        assertThat(DecisionsCsv.quote("say \"hi\"")).isEqualTo("\"say \"\"hi\"\"\"");
        assertThat(DecisionsCsv.quote("two\nlines")).isEqualTo("\"two\nlines\"");
        assertThat(DecisionsCsv.quote("cr\r")).isEqualTo("\"cr\r\"");
    }

    @Test
    void numbersArePlainDecimals() {
        assertThat(DecisionsCsv.number(70)).isEqualTo("70");
        assertThat(DecisionsCsv.number(12.5)).isEqualTo("12.5");
        assertThat(DecisionsCsv.number(0.001)).isEqualTo("0.001");
        assertThat(DecisionsCsv.number(1e20)).isEqualTo("100000000000000000000");
        assertThat(DecisionsCsv.number(51.846000000000004)).isEqualTo("51.846000000000004");
        assertThat(Double.parseDouble(DecisionsCsv.number(1.0 / 3))).isEqualTo(1.0 / 3);
    }

    @org.junit.jupiter.api.RepeatedTest(20)
    void timestampsReadAsInstantToStringDoes(org.junit.jupiter.api.RepetitionInfo info) throws java.io.IOException {
        java.util.Random random = new java.util.Random(info.getCurrentRepetition());
        long base = random.nextLong(-70_000_000_000_000L, 300_000_000_000_000L);
        java.util.List<java.time.Instant> instants = new java.util.ArrayList<>();
        for (int i = 0; i < 50; i++) {
            long ms = base + random.nextLong(0, 10_000_000_000L);
            instants.add(random.nextBoolean() ? java.time.Instant.ofEpochMilli(ms / 60_000 * 60_000) : java.time.Instant.ofEpochMilli(ms));
        }
        instants.add(java.time.Instant.parse("+10000-01-01T00:00:00Z"));
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        DecisionsCsv csv = DecisionsCsv.start(bytes, java.util.List.of("cpu"));
        var sink = csv.rows("p\u00e9, \"x\".yaml");
        for (java.time.Instant at : instants) {
            sink.row("t", new io.capstan.core.simulate.Row(at, 3, 2, java.util.Map.of("cpu", 12.5), "hold", io.capstan.core.explain.Reason.NoChange,
                    "keep 3 \u2192 3, \"fine\""), null);
        }
        csv.finish();
        java.util.List<String> lines = bytes.toString(java.nio.charset.StandardCharsets.UTF_8).lines().toList();
        assertThat(lines).hasSize(instants.size() + 1);
        for (int i = 0; i < instants.size(); i++) {
            assertThat(lines.get(i + 1)).isEqualTo(instants.get(i) + ",\"p\u00e9, \"\"x\"\".yaml\",t,3,2,12.5,hold,NoChange,\"keep 3 \u2192 3, \"\"fine\"\"\"");
        }
    }
}
