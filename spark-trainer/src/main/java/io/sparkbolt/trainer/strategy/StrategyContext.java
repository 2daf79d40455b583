package io.sparkbolt.trainer.strategy;

import io.sparkbolt.trainer.api.DataModule;
import io.sparkbolt.trainer.api.LightningModule;
import io.sparkbolt.trainer.api.Shard;
import io.sparkbolt.trainer.api.Split;
import io.sparkbolt.trainer.api.Stage;
import io.sparkbolt.trainer.device.DeviceSettings;
import io.sparkbolt.trainer.replica.GradientClipping;
import java.util.List;
import java.util.Map;

/**
 * What a strategy is given at the start of an entry point ({@code fit}, {@code validate}, ...):
 * the module, the data module and its shards, and the step settings every worker applies. The
 * network follows in {@link Strategy#connect(io.sparkbolt.trainer.network.Network)}.
 *
 * @param stage                 the entry point
 * @param module                the user's module (workers get copies)
 * @param data                  the data module; {@code prepareData} has already run
 * @param shards                the shards of each split the stage reads
 * @param seed                  the run's seed
 * @param accumulateGradBatches batches per optimiser step
 * @param clipping              gradient clipping
 * @param devices               accelerator, devices and precision, for the workers' device placement
 * @param logEveryNSteps        steps between the loggers' rows (a long round keeps one at each)
 */
public record StrategyContext(Stage stage, LightningModule module, DataModule data,
                              Map<Split, List<? extends Shard>> shards, long seed, int accumulateGradBatches,
                              GradientClipping clipping, DeviceSettings devices, int logEveryNSteps) {

    /** The shards of {@code split}, empty when the stage does not read it. */
    public List<? extends Shard> shardsOf(Split split) {
        return shards.getOrDefault(split, List.of());
    }
}
