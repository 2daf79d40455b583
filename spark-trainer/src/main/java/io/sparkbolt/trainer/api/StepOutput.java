package io.sparkbolt.trainer.api;

/**
 * What {@link LightningModule#trainingStep(Batch, int)} returns: the loss of the batch whose
 * gradients now sit in the network's gradient view. The Trainer accumulates, clips and applies
 * them. Returning {@code null} from a training step skips the batch, as in Lightning.
 *
 * @param loss     the batch's loss (the network's score, regularisation included)
 * @param examples number of examples the gradients were computed over
 */
public record StepOutput(double loss, int examples) {
}
