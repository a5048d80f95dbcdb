package io.capstan.core.hpa;

/**
 * A metric target. Values are milli-units (Quantity.MilliValue(), rounded up), because the controller does its
 * arithmetic in int64 milli-units and its rounding depends on that.
 *
 * @param type               which of the three fields the controller reads
 * @param averageUtilization percent of request, for {@link Type#UTILIZATION}
 * @param milliValue         the value or average value in milli-units, for {@link Type#VALUE} and {@link Type#AVERAGE_VALUE}
 */
public record HpaTarget(Type type, int averageUtilization, long milliValue) {

    /** autoscaling/v2 MetricTargetType. */
    public enum Type { UTILIZATION, VALUE, AVERAGE_VALUE }

    public HpaTarget {
        if (type == null) throw new IllegalArgumentException("target type must be given");
    }

    public static HpaTarget utilization(int percent) {
        return new HpaTarget(Type.UTILIZATION, percent, 0);
    }

    public static HpaTarget value(long milli) {
        return new HpaTarget(Type.VALUE, 0, milli);
    }

    public static HpaTarget averageValue(long milli) {
        return new HpaTarget(Type.AVERAGE_VALUE, 0, milli);
    }
}
