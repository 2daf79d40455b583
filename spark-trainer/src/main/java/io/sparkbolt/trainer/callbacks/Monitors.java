package io.sparkbolt.trainer.callbacks;

import io.sparkbolt.trainer.Trainer;
import io.sparkbolt.trainer.api.SparkboltException;
import io.sparkbolt.trainer.api.Split;
import io.sparkbolt.trainer.api.Suggestions;
import java.util.Map;

/**
 * What the sanity check tells a monitoring callback before any training: the metrics validation
 * logs. A monitor that is not among them fails there, with nothing trained or written, when it is
 * a validation metric ({@code val_*}) or a near miss of one ({@code val_lost} for
 * {@code val_loss}); any other name may still be logged by training, and is checked when first used.
 */
final class Monitors {
    private Monitors() {
    }

    /** Called in {@code on_sanity_check_end}, while the sanity check's metrics are published. */
    static void requireLoggable(String owner, String monitor, Trainer trainer) {
        Map<String, Double> logged = trainer.callbackMetrics();
        if (logged.isEmpty() || logged.containsKey(monitor)) {
            return;
        }
        String close = Suggestions.closest(monitor, logged.keySet());
        if (close != null || monitor.startsWith(Split.VAL.prefix() + "_")) {
            throw new SparkboltException(owner + ": monitor '" + monitor + "' is not logged by validation"
                    + (close != null ? " (did you mean " + close + "?)" : "") + "; the sanity check logged: "
                    + String.join(", ", logged.keySet()) + "; nothing was trained");
        }
    }
}
