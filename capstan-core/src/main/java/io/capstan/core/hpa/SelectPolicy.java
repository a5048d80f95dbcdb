package io.capstan.core.hpa;

/** HPAScalingRules.selectPolicy: which policy's limit wins when several apply, or none at all. */
public enum SelectPolicy { MAX, MIN, DISABLED }
