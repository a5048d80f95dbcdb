package io.capstan.app.report;

import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.RepetitionInfo;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class TimeTicksTest {
    private static List<String> labels(String from, String to, int max) {
        return TimeTicks.of(Instant.parse(from).toEpochMilli(), Instant.parse(to).toEpochMilli(), max).stream().map(TimeTicks.Tick::label).toList();
    }

    @Test
    void aMultiYearSpanIsLabelledByYearsNeverTheSameDayRepeated() {
        // The old axis stepped 365 days and printed "MMM d": "Dec 20, Dec 20, Dec 19".
        assertThat(labels("2001-01-01T00:00:00Z", "2019-12-31T23:59:00Z", 9)).containsExactly("2002", "2004", "2006", "2008", "2010", "2012", "2014",
                "2016", "2018");
        assertThat(labels("2017-01-01T00:00:00Z", "2019-12-31T23:00:00Z", 9)).containsExactly("Jan 2017", "Jul 2017", "Jan 2018", "Jul 2018",
                "Jan 2019", "Jul 2019");
    }

    @Test
    void shorterSpansUseDaysHoursAndMinutesAlignedToTheUnit() {
        assertThat(labels("2018-04-25T00:00:00Z", "2018-05-05T23:59:00Z", 9)).containsExactly("Apr 25", "Apr 27", "Apr 29", "May 1", "May 3", "May 5");
        assertThat(labels("2024-03-01T00:00:00Z", "2024-03-01T23:59:00Z", 9)).containsExactly("Mar 1 00:00", "03:00", "06:00", "09:00", "12:00", "15:00",
                "18:00", "21:00");
        assertThat(labels("2024-03-01T10:07:00Z", "2024-03-01T10:31:00Z", 9)).containsExactly("Mar 1 10:10", "10:15", "10:20", "10:25", "10:30");
        assertThat(labels("2024-02-27T12:00:00Z", "2024-03-02T12:00:00Z", 9)).containsExactly("Feb 27 12:00", "Feb 28 00:00", "Feb 28 12:00",
                "Feb 29 00:00", "Feb 29 12:00", "Mar 1 00:00", "Mar 1 12:00", "Mar 2 00:00", "Mar 2 12:00");
    }

    @Test
    void weeksStartOnMondayAndMonthsOnTheFirst() {
        assertThat(labels("2024-01-03T00:00:00Z", "2024-03-20T00:00:00Z", 12)).containsExactly("Jan 8", "Jan 15", "Jan 22", "Jan 29", "Feb 5",
                "Feb 12", "Feb 19", "Feb 26", "Mar 4", "Mar 11", "Mar 18");
        assertThat(labels("2024-01-15T00:00:00Z", "2024-09-20T00:00:00Z", 9)).containsExactly("Feb 2024", "Mar 2024", "Apr 2024", "May 2024",
                "Jun 2024", "Jul 2024", "Aug 2024", "Sep 2024");
    }

    @RepeatedTest(200)
    void anySpanGetsFewDistinctIncreasingTicksInsideIt(RepetitionInfo info) {
        Random rnd = new Random(1000 + info.getCurrentRepetition());
        long from = Instant.parse("1990-01-01T00:00:00Z").toEpochMilli() + (long) (rnd.nextDouble() * Duration.ofDays(365L * 40).toMillis());
        long span = (long) Math.pow(10, 4.5 + rnd.nextDouble() * 7.5); // 30 s to about 1000 years
        int max = 4 + rnd.nextInt(12);
        List<TimeTicks.Tick> ticks = TimeTicks.of(from, from + span, max);
        assertThat(ticks).as("seed %d span %d", 1000 + info.getCurrentRepetition(), span).hasSizeBetween(1, max);
        if (span >= Duration.ofMinutes(1).toMillis() * max) assertThat(ticks).hasSizeGreaterThanOrEqualTo(2);
        HashSet<String> seen = new HashSet<>();
        for (int i = 0; i < ticks.size(); i++) {
            assertThat(ticks.get(i).at()).isBetween(from, from + span);
            assertThat(seen.add(ticks.get(i).label())).as("distinct labels %s", ticks).isTrue();
            if (i > 0) assertThat(ticks.get(i).at()).isGreaterThan(ticks.get(i - 1).at());
        }
    }
}
