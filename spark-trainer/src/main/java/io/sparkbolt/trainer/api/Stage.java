package io.sparkbolt.trainer.api;

/** The entry points of the {@code Trainer}; {@link DataModule#setup(Stage)} is told which one is starting. */
public enum Stage {
    FIT, VALIDATE, TEST, PREDICT;

    /** Lower-case name, as Lightning writes stages ({@code fit}, {@code validate}, ...). */
    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
