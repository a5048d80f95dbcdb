package io.capstan.core.hpa;

/** One entry of spec.metrics, one record per metric source type. */
public sealed interface HpaMetric {

    HpaTarget target();

    /** A short description for explanations, in the controller's own wording where it has one. */
    String describe();

    /** type: Resource. Utilization or AverageValue over the pods' resource usage. */
    record Resource(String name, HpaTarget target) implements HpaMetric {
        public String describe() {
            return target.type() == HpaTarget.Type.UTILIZATION
                    ? name + " resource utilization (percentage of request)" : name + " resource";
        }
    }

    /** type: ContainerResource. As Resource, but one container's usage and request. */
    record ContainerResource(String name, String container, HpaTarget target) implements HpaMetric {
        public String describe() {
            return target.type() == HpaTarget.Type.UTILIZATION
                    ? name + " container resource utilization (percentage of request)" : name + " container resource";
        }
    }

    /** type: Pods. AverageValue over a per-pod custom metric. */
    record Pods(String name, HpaTarget target) implements HpaMetric {
        public String describe() {
            return "pods metric " + name;
        }
    }

    /** type: Object. A metric of one other object; Value or AverageValue. */
    record ObjectMetric(String name, String describedKind, String describedName, HpaTarget target) implements HpaMetric {
        public String describe() {
            return describedKind + " metric " + name;
        }
    }

    /** type: External. A metric from outside the cluster, summed over its series; Value or AverageValue. */
    record External(String name, HpaTarget target) implements HpaMetric {
        public String describe() {
            return "external metric " + name;
        }
    }
}
