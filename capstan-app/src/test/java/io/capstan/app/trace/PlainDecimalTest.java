package io.capstan.app.trace;

import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.RepetitionInfo;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** The trace reader's fast number path reads every cell exactly as {@link Double#parseDouble} does, or declines. */
class PlainDecimalTest {

    @RepeatedTest(20)
    void agreesBitForBitWithParseDouble(RepetitionInfo info) {
        Random rnd = new Random(7_100L + info.getCurrentRepetition());
        for (int k = 0; k < 20_000; k++) {
            String s = randomDecimal(rnd);
            double fast = TraceCsv.plainDecimal(s);
            if (Double.isNaN(fast)) {
                // declined: more than 15 digits, or not a plain decimal; the slow path reads it
                assertThat(digits(s) > 15 || !TraceCsv.isNumber(s) || s.indexOf('e') >= 0 || s.indexOf('E') >= 0).as(s).isTrue();
            } else {
                assertThat(TraceCsv.isNumber(s)).as(s).isTrue();
                assertThat(Double.doubleToRawLongBits(fast)).as(s).isEqualTo(Double.doubleToRawLongBits(Double.parseDouble(s)));
            }
        }
    }

    @Test
    void declinesWhatIsNotAShortPlainDecimal() {
        for (String s : new String[] {"", "+", "-", ".", "1e3", "1E3", "NaN", "Infinity", "0x10", "1.2.3", "1,5", " 1", "1 ",
                "1234567890123456", "0.0000000000000001", "١٢"}) {
            assertThat(TraceCsv.plainDecimal(s)).as(s).isNaN();
        }
    }

    @Test
    void readsSignsAndZerosAsParseDoubleDoes() {
        for (String s : new String[] {"0", "-0", "-0.0", "+0.5", ".5", "5.", "007", "123456789012345", "0.12345678901234", "-99999.9999"}) {
            assertThat(Double.doubleToRawLongBits(TraceCsv.plainDecimal(s))).as(s).isEqualTo(Double.doubleToRawLongBits(Double.parseDouble(s)));
        }
    }

    private static String randomDecimal(Random rnd) {
        StringBuilder sb = new StringBuilder();
        int sign = rnd.nextInt(4);
        if (sign == 0) sb.append('-');
        else if (sign == 1) sb.append('+');
        int whole = rnd.nextInt(12);
        for (int i = 0; i < whole; i++) sb.append((char) ('0' + rnd.nextInt(10)));
        if (rnd.nextInt(3) > 0) {
            sb.append('.');
            int frac = rnd.nextInt(14);
            for (int i = 0; i < frac; i++) sb.append((char) ('0' + rnd.nextInt(10)));
        }
        if (rnd.nextInt(20) == 0) sb.append('e').append(rnd.nextInt(5));
        return sb.toString();
    }

    private static int digits(String s) {
        int n = 0;
        for (int i = 0; i < s.length(); i++) if (Character.isDigit(s.charAt(i))) n++;
        return n;
    }
}
