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
            assertThat(lines.get(i + 1)).isEqualTo(instants.get(i) + ",\"p\u00e9, \"\"x\"\".yaml\",t,3,2,12.5,hold,NoChange,\"keep 3 \u2192 3, \"\"fine\"\"\",false");
        }
    }

    /** The summary and target cells, ASCII or not, quoted or not, are exactly {@link DecisionsCsv#quote} in UTF-8. */
    @org.junit.jupiter.api.RepeatedTest(10)
    void cellsAreQuotedAndEncodedExactly(org.junit.jupiter.api.RepetitionInfo info) throws java.io.IOException {
        java.util.Random random = new java.util.Random(9_300L + info.getCurrentRepetition());
        String alphabet = "ab ,\"\n\r.:;-()=>0123456789\u00e9\u2192\uD83D\uDE00";
        java.util.List<String> texts = new java.util.ArrayList<>();
        for (int i = 0; i < 300; i++) {
            StringBuilder sb = new StringBuilder();
            int n = random.nextInt(random.nextInt(10) == 0 ? 70_000 : 60);
            boolean ascii = random.nextBoolean();
            for (int k = 0; k < n; k++) {
                int c = random.nextInt(ascii ? 21 : alphabet.length());
                char ch = alphabet.charAt(c);
                if (Character.isHighSurrogate(ch)) sb.append(ch).append(alphabet.charAt(c + 1));
                else if (!Character.isLowSurrogate(ch)) sb.append(ch);
            }
            texts.add(sb.toString());
        }
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        DecisionsCsv csv = DecisionsCsv.start(bytes, java.util.List.of());
        var sink = csv.rows("p.yaml");
        for (String text : texts) {
            sink.row(text, new io.capstan.core.simulate.Row(java.time.Instant.EPOCH, 1, 1, java.util.Map.of(), "hold",
                    io.capstan.core.explain.Reason.NoChange, text), null);
        }
        csv.finish();
        StringBuilder expected = new StringBuilder("timestamp,policy,target,desiredReplicas,readyReplicas,action,reason,summary,warmUp\r\n");
        for (String text : texts) {
            expected.append("1970-01-01T00:00:00Z,p.yaml,").append(DecisionsCsv.quote(text)).append(",1,1,hold,NoChange,")
                    .append(DecisionsCsv.quote(text)).append(",false\r\n");
        }
        assertThat(bytes.toByteArray()).isEqualTo(expected.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }
}
