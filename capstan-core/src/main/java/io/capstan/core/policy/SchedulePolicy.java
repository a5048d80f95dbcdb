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
 * Pre-scaling on a calendar. Each entry sets min, max and a desired floor for a period: a
 * recurring period starts when its cron fires and lasts for its duration, or, without one, until
 * another recurring entry of this policy fires (AWS scheduled actions); a one-off window lasts
 * from its start to its end (a launch day). One-off windows win over recurring entries; among
 * recurring entries the one that started last wins.
 */
public record SchedulePolicy(String name, List<Entry> entries) implements Policy {

    private static final Explanation NO_PERIOD = Explanation.text("no schedule period is active");

    public SchedulePolicy {
        Objects.requireNonNull(name, "policy name");
        entries = List.copyOf(entries);
        if (entries.isEmpty()) throw new IllegalArgumentException("schedule " + name + " needs at least one entry");
    }

    /** What a period sets; each part is optional. */
    public record Setting(Integer min, Integer max, Integer desired) {
        public Setting {
            if (min == null && max == null && desired == null)
                throw new IllegalArgumentException("a schedule entry must set at least one of min, max, desired");
            if (min != null && min < 0) throw new IllegalArgumentException("schedule min must not be negative");
            if (min != null && max != null && max < min)
                throw new IllegalArgumentException("schedule max " + max + " is below schedule min " + min);
            if (desired != null && max != null && desired > max)
                throw new IllegalArgumentException("schedule desired " + desired + " is above schedule max " + max);
        }

        String describe() {
            StringBuilder sb = new StringBuilder();
            if (min != null) sb.append("min ").append(min);
            if (max != null) sb.append(sb.isEmpty() ? "" : ", ").append("max ").append(max);
            if (desired != null) sb.append(sb.isEmpty() ? "" : ", ").append("desired ").append(desired);
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
        for (Entry e : entries) {
            if (e instanceof Window w && !now.isBefore(w.start()) && now.isBefore(w.end())) {
                return new Proposal.Bound(name, w.setting().min(), w.setting().max(), w.setting().desired(),
                        Explanation.of(() -> "window " + w.name() + " (" + w.start() + " to " + w.end() + "): " + w.setting().describe()));
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
            return new Proposal.Bound(name, r.setting().min(), r.setting().max(), r.setting().desired(), Explanation.of(() ->
                    r.name() + " (cron '" + r.cron() + "' " + r.zone() + ", since " + fired + ", "
                            + (r.duration() == null ? "until the next entry" : "for " + Durations.format(r.duration())) + "): "
                            + r.setting().describe()));
        }
        return new Proposal.Hold(name, Reason.NoChange, NO_PERIOD);
    }
}
