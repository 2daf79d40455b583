package io.sparkbolt.trainer;

import io.sparkbolt.trainer.callbacks.Callback;
import io.sparkbolt.trainer.callbacks.ModelCheckpoint;
import io.sparkbolt.trainer.callbacks.ModelSummary;
import io.sparkbolt.trainer.callbacks.ProgressBar;
import java.util.ArrayList;
import java.util.List;

/** The user's callbacks plus the built-in ones the flags turn on, unless the user gave one of that kind. */
final class DefaultCallbacks {
    private DefaultCallbacks() {
    }

    static List<Callback> with(TrainerSettings settings) {
        List<Callback> all = new ArrayList<>(settings.callbacks());
        if (settings.output().enableModelSummary() && none(all, ModelSummary.class)) {
            all.add(new ModelSummary());
        }
        if (settings.output().enableProgressBar() && none(all, ProgressBar.class)) {
            all.add(new ProgressBar());
        }
        if (settings.output().enableCheckpointing() && none(all, ModelCheckpoint.class)) {
            all.add(ModelCheckpoint.builder().build());
        }
        if (!settings.output().enableCheckpointing()) {
            all.removeIf(ModelCheckpoint.class::isInstance);
        }
        return all;
    }

    private static boolean none(List<Callback> callbacks, Class<? extends Callback> type) {
        return callbacks.stream().noneMatch(type::isInstance);
    }
}
