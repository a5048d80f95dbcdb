package io.capstan.core.hpa;

import java.time.Instant;

/**
 * What the controller reads of one pod matched by the target's selector.
 *
 * @param name         unique among the pods; metric samples are matched to pods by name
 * @param phase        status.phase
 * @param ready        the Ready condition's status, or {@link ReadyCondition#ABSENT}
 * @param readySince   the Ready condition's lastTransitionTime (ignored when absent)
 * @param startTime    status.startTime, or null when the kubelet has not set it yet
 * @param deleting     true when metadata.deletionTimestamp is set
 * @param requestMilli the resource request in milli-units for the metric's resource (the named container's for
 *                     ContainerResource), or null when a container has none
 */
public record HpaPod(String name, Phase phase, ReadyCondition ready, Instant readySince, Instant startTime,
                     boolean deleting, Long requestMilli) {

    /** v1.PodPhase. */
    public enum Phase { PENDING, RUNNING, SUCCEEDED, FAILED, UNKNOWN }

    /** Status of the pod's Ready condition. */
    public enum ReadyCondition { TRUE, FALSE, UNKNOWN, ABSENT }

    public HpaPod {
        if (name == null || name.isEmpty()) throw new IllegalArgumentException("pod name must be given");
        if (phase == null || ready == null) throw new IllegalArgumentException("pod " + name + " needs a phase and a readiness");
    }

    /** Ports podutil.IsPodReady together with the phase check of getReadyPodsCount. */
    boolean runningAndReady() {
        return phase == Phase.RUNNING && ready == ReadyCondition.TRUE;
    }
}
