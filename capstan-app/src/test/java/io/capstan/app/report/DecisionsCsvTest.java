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
}
