package io.capstan.app.trace;

/** What to do with rows of one file that share a timestamp. */
public enum Dedupe {
    /** Duplicate timestamps are an error naming both lines (the default: the trace is the input of record). */
    ERROR,
    /** Each column keeps the last non-empty value given for that timestamp ({@code --dedupe last}). */
    LAST
}
