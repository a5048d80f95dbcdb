package io.capstan.core.policy;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SchedulePolicyTest {

    static Proposal at(SchedulePolicy p, String instant) {
        return p.propose(PolicyTestSupport.input(Instant.parse(instant), 3, 3, 2, 30, Map.of(), new PolicyTestSupport.TestMemory()));
    }

    /** The Sergas runbook's ScheduledScaling: each entry holds until the next one fires. */
    private final SchedulePolicy businessHours = new SchedulePolicy("business-hours", List.of(
            new SchedulePolicy.Recurring("morning-scale-up", Cron.parse("0 8 * * 1-5"), ZoneOffset.UTC, null, new SchedulePolicy.Setting(null, null, 10)),
            new SchedulePolicy.Recurring("evening-scale-down", Cron.parse("0 20 * * 1-5"), ZoneOffset.UTC, null, new SchedulePolicy.Setting(null, null, 3)),
            new SchedulePolicy.Recurring("weekend-minimal", Cron.parse("0 0 * * 6,0"), ZoneOffset.UTC, null, new SchedulePolicy.Setting(null, null, 2))));

    @Test
    void recurringEntriesHoldUntilTheNextFires() {
        assertThat(at(businessHours, "2026-03-02T09:00:00Z")).isInstanceOfSatisfying(Proposal.Bound.class, b -> {
            assertThat(b.desired()).isEqualTo(10);
            assertThat(b.message()).contains("morning-scale-up");
        });
        assertThat(((Proposal.Bound) at(businessHours, "2026-03-02T21:00:00Z")).desired()).isEqualTo(3);
        assertThat(((Proposal.Bound) at(businessHours, "2026-03-03T07:59:00Z")).desired()).isEqualTo(3);
        assertThat(((Proposal.Bound) at(businessHours, "2026-03-07T12:00:00Z")).desired()).as("Saturday").isEqualTo(2);
        assertThat(((Proposal.Bound) at(businessHours, "2026-03-09T07:00:00Z")).desired()).as("Monday before 8").isEqualTo(2);
    }

    @Test
    void durationEndsAPeriod() {
        SchedulePolicy p = new SchedulePolicy("office", List.of(new SchedulePolicy.Recurring("office", Cron.parse("0 8 * * 1-5"),
                ZoneId.of("Europe/Berlin"), Duration.ofHours(10), new SchedulePolicy.Setting(5, 12, null))));
        assertThat(at(p, "2026-03-02T07:30:00Z")).isInstanceOfSatisfying(Proposal.Bound.class, b -> {
            assertThat(b.min()).isEqualTo(5);
            assertThat(b.max()).isEqualTo(12);
        });
        assertThat(at(p, "2026-03-02T17:00:00Z")).as("18:00 Berlin: over").isInstanceOf(Proposal.Hold.class);
        assertThat(at(p, "2026-03-02T06:59:00Z")).as("07:59 Berlin: not yet").isInstanceOf(Proposal.Hold.class);
    }

    @org.junit.jupiter.params.ParameterizedTest(name = "at {0}: floor {1}")
    @org.junit.jupiter.params.provider.CsvSource(nullValues = "none", value = {
            // fall-back night 2026-10-25: 02:30 CEST is 00:30Z; the hour 02:00-03:00 repeats from 01:00Z as CET
            "2026-10-25T00:29:00Z, none",
            "2026-10-25T00:30:00Z, 6",
            "2026-10-25T01:10:00Z, 6",     // 02:10 CET, the repeated hour: still the period from 00:30Z
            "2026-10-25T01:30:00Z, none",  // 02:30 CET: one hour after the firing, and no second firing
            // spring-forward night 2026-03-29: 02:30 does not exist and fires at 03:30 CEST, 01:30Z
            "2026-03-29T01:29:00Z, none",
            "2026-03-29T01:30:00Z, 6",
            "2026-03-29T02:29:00Z, 6",
            "2026-03-29T02:30:00Z, none",
    })
    void aFloorPeriodAcrossDaylightSavingChangesLastsItsDurationFromTheOneFiring(String at, Integer floor) {
        SchedulePolicy p = new SchedulePolicy("night", List.of(new SchedulePolicy.Recurring("e", Cron.parse("30 2 * * *"),
                ZoneId.of("Europe/Berlin"), Duration.ofHours(1), new SchedulePolicy.Setting(null, null, 6))));
        Proposal proposal = at(p, at);
        if (floor == null) assertThat(proposal).isInstanceOf(Proposal.Hold.class);
        else assertThat(proposal).isInstanceOfSatisfying(Proposal.Bound.class, b -> assertThat(b.desired()).isEqualTo(floor));
    }

    @Test
    void oneOffWindowWinsOverRecurring() {
        SchedulePolicy p = new SchedulePolicy("launch", List.of(
                businessHours.entries().get(0),
                new SchedulePolicy.Window("launch", Instant.parse("2026-03-02T09:30:00Z"), Instant.parse("2026-03-02T14:00:00Z"),
                        new SchedulePolicy.Setting(null, null, 20))));
        assertThat(((Proposal.Bound) at(p, "2026-03-02T09:29:00Z")).desired()).isEqualTo(10);
        assertThat(((Proposal.Bound) at(p, "2026-03-02T09:30:00Z")).desired()).isEqualTo(20);
        assertThat(((Proposal.Bound) at(p, "2026-03-02T13:59:59Z")).desired()).isEqualTo(20);
        assertThat(((Proposal.Bound) at(p, "2026-03-02T14:00:00Z")).desired()).as("end is exclusive").isEqualTo(10);
    }

    @Test
    void settingsAreValidated() {
        assertThatThrownBy(() -> new SchedulePolicy.Setting(10, 5, null)).hasMessageContaining("max 5 is below schedule min 10");
        assertThatThrownBy(() -> new SchedulePolicy.Setting(null, null, null)).hasMessageContaining("at least one of");
        assertThatThrownBy(() -> new SchedulePolicy.Window("w", Instant.parse("2026-03-02T10:00:00Z"), Instant.parse("2026-03-02T09:00:00Z"),
                new SchedulePolicy.Setting(1, null, null))).hasMessageContaining("not after its start");
    }
}
