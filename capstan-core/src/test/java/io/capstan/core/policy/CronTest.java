package io.capstan.core.policy;

import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.RepetitionInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CronTest {

    @ParameterizedTest(name = "{0} at {1} last fired {2}")
    @CsvSource({
            "0 8 * * 1-5,   2026-03-02T09:15:00Z, 2026-03-02T08:00:00Z",   // Monday
            "0 8 * * 1-5,   2026-03-02T08:00:00Z, 2026-03-02T08:00:00Z",   // fires at the instant itself
            "0 8 * * 1-5,   2026-03-02T07:59:59Z, 2026-02-27T08:00:00Z",   // Monday before 8: last Friday
            "0 20 * * 1-5,  2026-03-07T12:00:00Z, 2026-03-06T20:00:00Z",   // Saturday
            "'0 0 * * 6,0', 2026-03-08T10:00:00Z, 2026-03-08T00:00:00Z",   // Sunday
            "*/15 * * * *,  2026-03-02T10:44:00Z, 2026-03-02T10:30:00Z",
            "30 9 1 JAN *,  2026-03-02T00:00:00Z, 2026-01-01T09:30:00Z",
            "0 12 13 * FRI, 2026-03-07T00:00:00Z, 2026-03-06T12:00:00Z",   // either day field matches (Vixie)
    })
    void previousFire(String expr, String at, String expected) {
        assertThat(Cron.parse(expr).previousFire(Instant.parse(at), ZoneOffset.UTC)).isEqualTo(Instant.parse(expected));
    }

    @Test
    void firesAtLocalTimeAcrossDaylightSaving() {
        Cron c = Cron.parse("0 8 * * *");
        ZoneId berlin = ZoneId.of("Europe/Berlin");
        // winter: 08:00 CET = 07:00 UTC; summer (after 2026-03-29): 08:00 CEST = 06:00 UTC
        assertThat(c.previousFire(Instant.parse("2026-03-28T12:00:00Z"), berlin)).isEqualTo(Instant.parse("2026-03-28T07:00:00Z"));
        assertThat(c.previousFire(Instant.parse("2026-03-30T12:00:00Z"), berlin)).isEqualTo(Instant.parse("2026-03-30T06:00:00Z"));
    }

    @ParameterizedTest(name = "{0} at {1} last fired {2}")
    @CsvSource({
            // 2026-10-25 03:00 CEST falls back to 02:00 CET: 02:30 is 00:30Z and again 01:30Z; it fires once, at the first
            "30 2 * * *,    2026-10-25T00:30:00Z, 2026-10-25T00:30:00Z",
            "30 2 * * *,    2026-10-25T01:10:00Z, 2026-10-25T00:30:00Z",   // 02:10 CET, the repeated hour
            "30 2 * * *,    2026-10-25T01:30:00Z, 2026-10-25T00:30:00Z",   // 02:30 CET: the same firing, not a new one
            "30 2 * * *,    2026-10-26T01:29:00Z, 2026-10-25T00:30:00Z",
            "*/15 * * * *,  2026-10-25T01:40:00Z, 2026-10-25T00:45:00Z",   // nothing fires twice in the repeated hour
            "*/15 * * * *,  2026-10-25T02:00:00Z, 2026-10-25T02:00:00Z",   // 03:00 CET
            // 2026-03-29 02:00 CET springs forward to 03:00 CEST: 02:30 fires at the shifted instant, 03:30 CEST
            "30 2 * * *,    2026-03-29T01:29:00Z, 2026-03-28T01:30:00Z",
            "30 2 * * *,    2026-03-29T01:30:00Z, 2026-03-29T01:30:00Z",
    })
    void aWallTimeThatOccursTwiceFiresOnceAtItsFirstOccurrence(String expr, String at, String expected) {
        assertThat(Cron.parse(expr).previousFire(Instant.parse(at), ZoneId.of("Europe/Berlin"))).isEqualTo(Instant.parse(expected));
    }

    @Test
    void sundayIsZeroOrSeven() {
        assertThat(Cron.parse("0 0 * * 7").previousFire(Instant.parse("2026-03-10T00:00:00Z"), ZoneOffset.UTC))
                .isEqualTo(Instant.parse("2026-03-08T00:00:00Z"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
            "0 8 * *       | has 4 fields, expected 5",
            "61 * * * *    | minute field '61': 61 is outside 0-59",
            "0 8 * * MON-X | 'X' is not a number or a name",
            "0 9-8 * * *   | runs backwards",
            "0 8 * 13 *    | month field '13': 13 is outside 1-12",
    })
    void badExpressionsSayWhatWasExpected(String expr, String message) {
        assertThatThrownBy(() -> Cron.parse(expr)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining(message);
    }

    @Test
    void everyBadFieldIsNamedInOneMessage() {
        assertThatThrownBy(() -> Cron.parse("61 8 0 * MOO")).hasMessage("cron minute field '61': 61 is outside 0-59;"
                + " cron day-of-month field '0': 0 is outside 1-31; cron day-of-week field 'MOO': 'MOO' is not a number or a name");
    }

    @ParameterizedTest(name = "{0} fires: {1}")
    @CsvSource({
            "0 0 31 2 *, false",       // no February has a 31st
            "0 0 30 2 *, false",
            "0 0 29 2 *, true",        // leap years
            "'0 0 31 4,6,9,11 *', false",
            "'0 0 31 2,3 *', true",
            "0 0 31 2 MON, true",      // either day field may match
            "0 0 * 2 *, true",
    })
    void everFires(String expr, boolean fires) {
        assertThat(Cron.parse(expr).everFires()).isEqualTo(fires);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"? 8 * * *, minute", "0 ? * * *, hour", "0 8 * ? *, month", "'0 8 * 1,? *', month", "0 ?/2 * * *, hour"})
    void aQuestionMarkIsRefusedOutsideTheDayFields(String expr, String field) {
        assertThatThrownBy(() -> Cron.parse(expr)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("? (any day) belongs to the day-of-month and day-of-week fields, not the " + field + " field");
    }

    @Test
    void aQuestionMarkIsAnyDayInTheDayFields() {
        Instant monday = Instant.parse("2026-03-02T09:00:00Z");
        assertThat(Cron.parse("0 8 ? * 1-5").previousFire(monday, ZoneOffset.UTC)).isEqualTo(Instant.parse("2026-03-02T08:00:00Z"));
        assertThat(Cron.parse("0 8 1 * ?").previousFire(monday, ZoneOffset.UTC)).isEqualTo(Instant.parse("2026-03-01T08:00:00Z"));
    }

    private static final List<String> ZONES = List.of("UTC", "Europe/Berlin", "America/New_York", "Australia/Lord_Howe", "Asia/Kolkata",
            "America/Sao_Paulo");
    private static final List<String> CRONS = List.of("0 8 * * *", "30 2 * * *", "30 3 * * *", "0 8 * * 1-5", "0 8 * * 0,6", "*/20 1-3 * * *",
            "0 0 1 * *", "15 */6 * * *", "0 9 * * 1", "30 1 29 2 *", "0-29 2 * * *", "30-59 1 * * 0", "0 0 31 * 5", "45 23 * * *");

    @RepeatedTest(20)
    void firesAtAgreesWithPreviousFire(RepetitionInfo rep) {
        Random random = new Random(rep.getCurrentRepetition());
        Cron cron = Cron.parse(CRONS.get(random.nextInt(CRONS.size())));
        ZoneId zone = ZoneId.of(ZONES.get(random.nextInt(ZONES.size())));
        // around a daylight-saving change in either hemisphere, minute by minute
        Instant start = Instant.parse(random.nextBoolean() ? "2026-03-27T00:00:00Z" : "2026-10-02T00:00:00Z").plusSeconds(86_400L * random.nextInt(30));
        for (Instant at = start; at.isBefore(start.plus(Duration.ofDays(3))); at = at.plusSeconds(60)) {
            assertThat(cron.firesAt(at, zone)).as("%s in %s at %s", cron, zone, at).isEqualTo(at.equals(cron.previousFire(at, zone)));
        }
    }

    @RepeatedTest(30)
    void firstCommonFireIsTheFirstInstantBothFireAt(RepetitionInfo rep) {
        Random random = new Random(1000 + rep.getCurrentRepetition());
        Cron a = Cron.parse(CRONS.get(random.nextInt(CRONS.size())));
        Cron b = Cron.parse(CRONS.get(random.nextInt(CRONS.size())));
        ZoneId za = ZoneId.of(ZONES.get(random.nextInt(ZONES.size())));
        ZoneId zb = random.nextBoolean() ? za : ZoneId.of(ZONES.get(random.nextInt(ZONES.size())));
        LocalDate from = LocalDate.of(2026, 1, 1).plusDays(random.nextInt(365));
        LocalDate until = from.plusDays(60);
        // the reference: every minute of the span (with a day's margin for the zones' offsets)
        Instant expected = null;
        for (Instant at = from.minusDays(2).atStartOfDay(ZoneOffset.UTC).toInstant(); at.isBefore(until.plusDays(2).atStartOfDay(ZoneOffset.UTC).toInstant());
             at = at.plusSeconds(60)) {
            LocalDate localDay = LocalDateTime.ofInstant(at, za).toLocalDate();
            boolean aDay = !localDay.isBefore(from) && localDay.isBefore(until);
            if (aDay && a.firesAt(at, za) && b.firesAt(at, zb) && (expected == null || at.isBefore(expected))) {
                expected = at;
            }
        }
        Instant found = Cron.firstCommonFire(a, za, b, zb, from, until);
        if (expected == null) {
            assertThat(found).as("%s in %s and %s in %s", a, za, b, zb).isNull();
        } else {
            assertThat(found).as("%s in %s and %s in %s", a, za, b, zb).isEqualTo(expected);
        }
    }

    @Test
    void firstCommonFireExamples() {
        ZoneId berlin = ZoneId.of("Europe/Berlin");
        LocalDate from = LocalDate.of(2026, 1, 1);
        LocalDate until = LocalDate.of(2027, 1, 1);
        assertThat(Cron.firstCommonFire(Cron.parse("0 8 * * 1-5"), ZoneOffset.UTC, Cron.parse("0 8 1 * *"), ZoneOffset.UTC, from, until))
                .isEqualTo(Instant.parse("2026-01-01T08:00:00Z"));
        assertThat(Cron.firstCommonFire(Cron.parse("0 8 * * 1-5"), ZoneOffset.UTC, Cron.parse("0 8 * * 0,6"), ZoneOffset.UTC, from, until)).isNull();
        // 09:00 in Berlin is 08:00 UTC in winter only: the first Monday after the clocks go back on 2026-10-25
        assertThat(Cron.firstCommonFire(Cron.parse("0 9 * * *"), berlin, Cron.parse("0 8 * * 1"), ZoneOffset.UTC, LocalDate.of(2026, 4, 1), until))
                .isEqualTo(Instant.parse("2026-10-26T08:00:00Z"));
        // 02:30 does not exist on 2026-03-29 in Berlin: it fires at 03:30 CEST, with the 03:30 entry
        assertThat(Cron.firstCommonFire(Cron.parse("30 2 * * *"), berlin, Cron.parse("30 3 * * *"), berlin, from, until))
                .isEqualTo(Instant.parse("2026-03-29T01:30:00Z"));
        // Feb 29 on a Monday: 2044 is the first leap year after 2026 where it is
        assertThat(Cron.firstCommonFire(Cron.parse("0 8 29 2 *"), ZoneOffset.UTC, Cron.parse("0 8 * * 1"), ZoneOffset.UTC, from, LocalDate.of(2100, 1, 1)))
                .isEqualTo(Instant.parse("2044-02-29T08:00:00Z"));
        // dense expressions that never meet, over a century of daylight-saving changes, are still decided
        assertThat(Cron.firstCommonFire(Cron.parse("0-29 * * * *"), berlin, Cron.parse("30-59 * * * *"), ZoneId.of("America/New_York"),
                LocalDate.of(2000, 1, 1), LocalDate.of(2100, 1, 1))).isNull();
    }
}
