package io.capstan.core.signal;

/** What {@link Window#add(long, double)} did with a sample. */
public enum Admission {
    /** Kept as the newest sample. */
    ACCEPTED,
    /** Same timestamp as the newest sample: its value replaced the earlier one (last write wins). */
    REPLACED,
    /** Older than the newest sample ever added: dropped. */
    OUT_OF_ORDER,
    /** NaN or infinite: dropped. */
    NOT_FINITE
}
