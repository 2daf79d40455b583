package io.sparkbolt.trainer.workers;

import io.sparkbolt.trainer.strategy.Round;
import java.io.Serializable;

/**
 * What a round broadcasts: the round and the model every worker starts it from. Only what changes
 * travels; the rest is in {@link WorkerSetup}.
 *
 * @param updater the updater state, or {@code null} when workers keep their own
 */
record RoundState(Round round, PackedArray params, PackedArray updater) implements Serializable {
}
