package io.sparkbolt.trainer.loop;

import io.sparkbolt.trainer.api.DataShape;
import io.sparkbolt.trainer.api.LogOptions;
import io.sparkbolt.trainer.api.ModuleContext;
import io.sparkbolt.trainer.api.Split;
import io.sparkbolt.trainer.metrics.MetricCollector;
import io.sparkbolt.trainer.network.Network;
import java.util.Optional;

/**
 * The module's context while its hooks run on the driver (epoch starts and ends, fit start ...):
 * values it logs there join the metrics of the running loop.
 */
public final class DriverContext implements ModuleContext {
    private final RunContext run;
    private Split split = Split.TRAIN;
    private MetricCollector pending = new MetricCollector();

    DriverContext(RunContext run) {
        this.run = run;
    }

    void setSplit(Split value) {
        split = value;
    }

    /** What the module logged on the driver since the last call; the loops fold it into their metrics. */
    MetricCollector drain() {
        if (pending.isEmpty()) {
            return pending; // nothing logged: keep the empty collector rather than allocate one per round
        }
        MetricCollector drained = pending;
        pending = new MetricCollector();
        return drained;
    }

    @Override
    public Network network() {
        return run.strategy().network();
    }

    @Override
    public Split split() {
        return split;
    }

    @Override
    public int currentEpoch() {
        return run.progress().epoch();
    }

    @Override
    public long globalStep() {
        return run.progress().globalStep();
    }

    @Override
    public int currentBatchSize() {
        return 1;
    }

    @Override
    public void log(String name, double value, LogOptions options) {
        // Driver-side hooks are epoch-level (on_train_epoch_end, ...): Lightning logs there per epoch by default.
        pending.log(name, value, 1, options.withUnsetDefaults(false, true), split);
    }

    @Override
    public Optional<DataShape> dataShape() {
        return run.data().shape();
    }
}
