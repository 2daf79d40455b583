package io.sparkbolt.trainer.strategy;

/** Static factories for the built-in strategies; the distributed ones live in their own modules. */
public final class Strategies {
    private Strategies() {
    }

    /** Single JVM, no Spark. */
    public static Strategy local() {
        return new LocalStrategy();
    }
}
