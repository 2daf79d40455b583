package io.sparkbolt.sharing;

/**
 * The Aeron settings DL4J's exchange needs and users should not have to know: Aeron's media driver
 * refuses to start unless the publication unblock timeout exceeds the client liveness timeout
 * (10 s by default in the driver, 30 s as DL4J configures clients), so it is raised before the
 * first Aeron class reads it, on the driver and in each executor JVM. A value the user set wins.
 */
final class AeronSettings {
    static final String UNBLOCK_TIMEOUT = "aeron.publication.unblock.timeout";
    static final String UNBLOCK_TIMEOUT_NANOS = "60000000000";

    private AeronSettings() {
    }

    /** Sets the timeouts in this JVM unless already set. */
    static void apply() {
        if (System.getProperty(UNBLOCK_TIMEOUT) == null) {
            System.setProperty(UNBLOCK_TIMEOUT, UNBLOCK_TIMEOUT_NANOS);
        }
    }
}
