package io.capstan.core.policy;

import io.capstan.core.model.Bounds;
import io.capstan.core.model.Numbers;
import io.capstan.core.model.Replicas;

import java.util.Map;
import java.util.Objects;

/** What a rule does when it fires: a replica change, or a named non-replica action. */
public sealed interface Action {

    record Add(int replicas) implements Action {
        public Add { positive(replicas, "add"); }
    }

    record Remove(int replicas) implements Action {
        public Remove { positive(replicas, "remove"); }
    }

    /** Rounded up, at least one replica: a percentage step never stalls at zero. */
    record AddPercent(double percent) implements Action {
        public AddPercent { positivePercent(percent, "addPercent"); }
    }

    /** Rounded up, at least one replica. */
    record RemovePercent(double percent) implements Action {
        public RemovePercent {
            positivePercent(percent, "removePercent");
            if (percent > 100) throw new IllegalArgumentException("removePercent must be at most 100, got " + percent);
        }
    }

    record Set(int replicas) implements Action {
        public Set {
            if (replicas < 0) throw new IllegalArgumentException("set must not be negative, got " + replicas);
        }
    }

    /** Emergency: go to the target's max at once. */
    record ToMax() implements Action {}

    /**
     * A step that is not a replica change (vertical scale, enable caching, add a read replica...).
     * The core decides, explains and records it; executing it is an actuator's work.
     */
    record Named(String name, Map<String, String> params) implements Action {
        public Named {
            Objects.requireNonNull(name, "action name");
            if (name.isBlank()) throw new IllegalArgumentException("action name must not be blank");
            params = Params.copyOf(params);
        }
    }

    /** The replica count this action asks for, from {@code current}; a named action asks for none. */
    default int replicasFrom(int current, Bounds bounds) {
        return switch (this) {
            case Add a -> Replicas.plus(current, a.replicas());
            case Remove r -> Replicas.plus(current, -(long) r.replicas());
            case AddPercent p -> Replicas.plus(current, Math.max(1, Replicas.ceil(current * p.percent() / 100.0)));
            case RemovePercent p -> Replicas.plus(current, -(long) Math.max(1, Replicas.ceil(current * p.percent() / 100.0)));
            case Set s -> s.replicas();
            case ToMax m -> bounds.max();
            case Named n -> current;
        };
    }

    default String describe() {
        return switch (this) {
            case Add a -> "add " + a.replicas();
            case Remove r -> "remove " + r.replicas();
            case AddPercent p -> "add " + Numbers.format(p.percent()) + "%";
            case RemovePercent p -> "remove " + Numbers.format(p.percent()) + "%";
            case Set s -> "set " + s.replicas();
            case ToMax m -> "scale to max";
            case Named n -> n.name() + (n.params().isEmpty() ? "" : " " + n.params());
        };
    }

    private static void positive(int n, String what) {
        if (n <= 0) throw new IllegalArgumentException(what + " must be a positive number of replicas, got " + n);
    }

    private static void positivePercent(double p, String what) {
        if (!(p > 0) || !Double.isFinite(p)) throw new IllegalArgumentException(what + " must be a positive percentage, got " + p);
    }
}
