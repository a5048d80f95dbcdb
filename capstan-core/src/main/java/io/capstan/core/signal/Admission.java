package io.capstan.core.signal;

/** What a window did with a sample. */
public enum Admission { ACCEPTED, REPLACED, OUT_OF_ORDER, NOT_FINITE }
