package io.sparkbolt.trainer.callbacks;

import io.sparkbolt.trainer.Trainer;
import io.sparkbolt.trainer.api.Arg;
import io.sparkbolt.trainer.api.LightningModule;
import io.sparkbolt.trainer.api.SparkboltException;
import io.sparkbolt.trainer.api.StepOutput;
import io.sparkbolt.trainer.network.Network.LayerRate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Logs the learning rate the optimiser applies, as Lightning's {@code LearningRateMonitor}: at
 * every step (or once per training epoch) it sends {@code lr-<Updater>} (e.g. {@code lr-Adam}) to
 * the loggers, or {@code lr-<Updater>/<layer>} per layer when layers differ. The rate is the one the
 * schedule gives for the current iteration and epoch. With a distributed strategy "every step"
 * means every round.
 *
 * <pre>{@code callbacks: [{class: LearningRateMonitor, args: {loggingInterval: step}}]}</pre>
 */
public final class LearningRateMonitor implements Callback {
    private final boolean everyStep;

    /** @param loggingInterval {@code step} or {@code epoch} */
    public LearningRateMonitor(@Arg(value = "loggingInterval", defaultValue = "epoch",
            description = "step or epoch: how often the learning rate is logged") String loggingInterval) {
        String interval = loggingInterval == null ? "" : loggingInterval.trim().toLowerCase(Locale.ROOT);
        if (!interval.equals("step") && !interval.equals("epoch")) {
            throw new SparkboltException("LearningRateMonitor: loggingInterval must be step or epoch, got '" + loggingInterval + "'");
        }
        this.everyStep = interval.equals("step");
    }

    @Override
    public void onTrainBatchEnd(Trainer trainer, LightningModule module, StepOutput outputs, int batchIdx) {
        if (everyStep) {
            trainer.logMetrics(rates(trainer));
        }
    }

    @Override
    public void onTrainEpochStart(Trainer trainer, LightningModule module) {
        if (!everyStep) {
            trainer.logMetrics(rates(trainer));
        }
    }

    /** The rates now, one name per distinct (updater, rate), per layer only when the layers differ. */
    static Map<String, Double> rates(Trainer trainer) {
        List<LayerRate> rates = trainer.network().learningRates((int) trainer.globalStep(), trainer.currentEpoch());
        Map<String, Double> values = new LinkedHashMap<>();
        boolean uniform = rates.stream().map(r -> r.updater() + "=" + r.rate()).distinct().count() <= 1;
        for (LayerRate rate : rates) {
            values.put(uniform ? "lr-" + rate.updater() : "lr-" + rate.updater() + "/" + rate.layer(), rate.rate());
        }
        return values;
    }
}
