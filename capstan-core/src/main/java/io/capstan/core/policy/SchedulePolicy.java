package io.capstan.core.policy;

import io.capstan.core.explain.Explanation;
import io.capstan.core.explain.Reason;
import io.capstan.core.model.Durations;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Objects;

/**
 * Pre-scaling on a calendar. Each entry sets min, max and a desired floor for a period, and/or a
 * count to set once when it fires ({@link Setting#set()}, keyed in the target's state by this
 * policy's name so a firing acts once and a start-up only records what already fired): a
 * recurring period starts when its cron fires and lasts for its duration, or, without one, until
 * another recurring entry of this policy fires (AWS scheduled actions); a one-off window lasts
 * from its start to its end (a launch day). One-off windows win over recurring entries; among
 * recurring entries the one that started last wins.
 */
public record SchedulePolicy(String name, List<Entry> entries) implements Policy {

    public SchedulePolicy {
        Objects.requireNonNull(name, "policy name");
        entries = List.copyOf(entries);
        if (entries.isEmpty()) throw new IllegalArgumentException("schedule " + name + " needs at least one entry");
    }

    /**
     * What an entry sets; each part is optional. {@code min}, {@code max} and {@code desired} hold while
     * its period lasts (desired is a floor); {@code set} acts once, when the entry fires: the count is
     * set to it (within bounds) and the autoscaler continues from there, as an AWS scheduled action or a
     * CronJob running {@code kubectl scale} does.
     */
    public record Setting(Integer min, Integer max, Integer desired, Integer set) {
        public Setting {
            if (min == null && max == null && desired == null && set == null)
                throw new IllegalArgumentException("a schedule entry must set at least one of min, max, desired, set");
            if (min != null && min < 0) throw new IllegalArgumentException("schedule min must not be negative");
            if (min != null && max != null && max < min)
                throw new IllegalArgumentException("schedule max " + max + " is below schedule min " + min);
            if (desired != null && max != null && desired > max)
                throw new IllegalArgumentException("schedule desired " + desired + " is above schedule max " + max);
            if (set != null && set < 0) throw new IllegalArgumentException("schedule set must not be negative");
            if (set != null && max != null && set > max)
                throw new IllegalArgumentException("schedule set " + set + " is above schedule max " + max);
        }

        /** Floors and bounds only. */
        public Setting(Integer min, Integer max, Integer desired) {
            this(min, max, desired, null);
        }

        String describe() {
            StringBuilder sb = new StringBuilder();
            if (min != null) sb.append("min ").append(min);
            if (max != null) sb.append(sb.isEmpty() ? "" : ", ").append("max ").append(max);
            if (desired != null) sb.append(sb.isEmpty() ? "" : ", ").append("desired ").append(desired);
            if (set != null) sb.append(sb.isEmpty() ? "" : ", ").append("set ").append(set).append(" when it fires");
            return sb.toString();
        }
    }

    public sealed interface Entry {
        String name();

        Setting setting();
    }

    /** @param duration null: until another recurring entry of the same schedule fires */
    public record Recurring(String name, Cron cron, ZoneId zone, Duration duration, Setting setting) implements Entry {
        public Recurring {
            Objects.requireNonNull(cron, "cron of " + name);
            Objects.requireNonNull(zone, "time zone of " + name);
            Objects.requireNonNull(setting, "setting of " + name);
            if (duration != null && (duration.isNegative() || duration.isZero()))
                throw new IllegalArgumentException("duration of schedule entry " + name + " must be positive");
        }
    }

    public record Window(String name, Instant start, Instant end, Setting setting) implements Entry {
        public Window {
            Objects.requireNonNull(start, "start of " + name);
            Objects.requireNonNull(end, "end of " + name);
            Objects.requireNonNull(setting, "setting of " + name);
            if (!end.isAfter(start)) throw new IllegalArgumentException("window " + name + " ends at " + end + ", not after its start " + start);
        }
    }

    @Override
    public String kind() {
        return "schedule";
    }

    @Override
    public Proposal propose(PolicyInput in) {
        Instant now = in.now();
        Proposal.ScheduledSet set = latestSet(in);
        for (Entry e : entries) {
            if (e instanceof Window w && !now.isBefore(w.start()) && now.isBefore(w.end())) {
                return new Proposal.Bound(name, w.setting().min(), w.setting().max(), w.setting().desired(), set,
                        Explanation.of(() -> "at " + now + ": window " + w.name() + " (" + w.start() + " to " + w.end() + "): " + w.setting().describe()));
            }
        }
        Recurring best = null;
        Instant bestFire = null;
        for (Entry e : entries) {
            if (!(e instanceof Recurring r)) continue;
            Instant fire = r.cron().previousFire(now, r.zone());
            if (fire == null) continue;
            if (bestFire == null || fire.isAfter(bestFire)) {
                best = r;
                bestFire = fire;
            }
        }
        if (best != null && (best.duration() == null || now.isBefore(bestFire.plus(best.duration())))) {
            Recurring r = best;
            Instant fired = bestFire;
            return new Proposal.Bound(name, r.setting().min(), r.setting().max(), r.setting().desired(), set, Explanation.of(() ->
                    "at " + now + ": " + r.name() + " (cron '" + r.cron() + "' " + r.zone() + ", since " + fired + ", "
                            + (r.duration() == null ? "until the next entry" : "for " + Durations.format(r.duration())) + "): "
                            + r.setting().describe()));
        }
        if (set != null) {
            Proposal.ScheduledSet s = set;
            return new Proposal.Bound(name, null, null, null, set, Explanation.of(() -> "at " + now + ": no schedule period is active; last set entry "
                    + s.entry() + " fired at " + s.firedAt()));
        }
        // what the calendar says depends on the time, so the explanation says when it was evaluated
        return new Proposal.Hold(name, Reason.NoChange, Explanation.of(() -> "at " + now + ": no schedule period is active"));
    }

    /** The latest firing of a {@code set} entry at or before now, due when the state has not seen it, or null. */
    private Proposal.ScheduledSet latestSet(PolicyInput in) {
        Entry latest = null;
        Instant latestFire = null;
        for (Entry e : entries) {
            if (e.setting().set() == null) continue;
            Instant fire = switch (e) {
                case Recurring r -> r.cron().previousFire(in.now(), r.zone());
                case Window w -> in.now().isBefore(w.start()) ? null : w.start();
            };
            if (fire != null && (latestFire == null || fire.isAfter(latestFire))) {
                latest = e;
                latestFire = fire;
            }
        }
        if (latest == null) return null;
        Instant seen = in.memory().scheduleFired(name);
        // With no state (a first evaluation), a firing before now is only recorded, so a start-up does not replay
        // an old instruction; a firing at this very instant is not old, and acts.
        boolean due = seen != null ? latestFire.isAfter(seen) : latestFire.equals(in.now());
        return new Proposal.ScheduledSet(name, latest.name(), latestFire, latest.setting().set(), due);
    }
}
