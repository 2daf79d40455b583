package io.sparkbolt.trainer.api;

/** Which part of the data a {@link DataModule} is asked for: Lightning's four dataloaders. */
public enum Split {
    TRAIN("train"), VAL("val"), TEST("test"), PREDICT("predict");

    private final String prefix;

    Split(String prefix) {
        this.prefix = prefix;
    }

    /** The prefix of metric names logged on this split, e.g. {@code val} in {@code val_loss}. */
    public String prefix() {
        return prefix;
    }
}
