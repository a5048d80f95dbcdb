package io.capstan.core.cost;

/** How instance-hours are bought. */
public enum PurchaseOption {
    ON_DEMAND("onDemand", "on-demand"), RESERVED("reserved", "reserved"), SPOT("spot", "spot");

    private final String key;
    private final String text;

    PurchaseOption(String key, String text) {
        this.key = key;
        this.text = text;
    }

    /** The option's name in a config: onDemand, reserved, spot. */
    public String key() {
        return key;
    }

    /** The option in a sentence: on-demand, reserved, spot. */
    public String text() {
        return text;
    }
}
