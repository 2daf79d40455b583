package io.sparkbolt.trainer.testing;

import io.sparkbolt.trainer.api.Batch;
import io.sparkbolt.trainer.api.LightningModule;
import io.sparkbolt.trainer.api.NetworkSpec;
import io.sparkbolt.trainer.api.Optimizers;
import io.sparkbolt.trainer.api.Stage;
import io.sparkbolt.trainer.api.StepOutput;
import io.sparkbolt.trainer.models.MlpClassifier;
import java.util.List;

/** A small MLP that records its hooks and steps as {@code module.<hook>}. */
public final class RecordingModule extends LightningModule {
    private final transient List<String> events;
    private final MlpClassifier mlp = new MlpClassifier(List.of(8), 0.05);

    public RecordingModule(List<String> events) {
        this.events = events;
    }

    private void add(String hook) {
        events.add("module." + hook);
    }

    @Override
    public NetworkSpec configureNetwork() {
        add("configure_network");
        mlp.attach(context());
        return mlp.configureNetwork();
    }

    @Override
    public Optimizers configureOptimizers() {
        add("configure_optimizers");
        return Optimizers.adam(0.05);
    }

    @Override
    public StepOutput trainingStep(Batch batch, int batchIdx) {
        add("training_step");
        return super.trainingStep(batch, batchIdx);
    }

    @Override
    public void validationStep(Batch batch, int batchIdx) {
        add("validation_step");
        super.validationStep(batch, batchIdx);
    }

    @Override
    public void testStep(Batch batch, int batchIdx) {
        add("test_step");
        super.testStep(batch, batchIdx);
    }

    @Override public void setup(Stage stage) { add("setup"); }
    @Override public void teardown(Stage stage) { add("teardown"); }
    @Override public void onFitStart() { add("on_fit_start"); }
    @Override public void onFitEnd() { add("on_fit_end"); }
    @Override public void onTrainStart() { add("on_train_start"); }
    @Override public void onTrainEnd() { add("on_train_end"); }
    @Override public void onTrainEpochStart() { add("on_train_epoch_start"); }
    @Override public void onTrainEpochEnd() { add("on_train_epoch_end"); }
    @Override public void onTrainBatchStart(Batch batch, int batchIdx) { add("on_train_batch_start"); }
    @Override public void onTrainBatchEnd(StepOutput output, Batch batch, int batchIdx) { add("on_train_batch_end"); }
    @Override public void onBeforeOptimizerStep() { add("on_before_optimizer_step"); }
    @Override public void onValidationStart() { add("on_validation_start"); }
    @Override public void onValidationEnd() { add("on_validation_end"); }
    @Override public void onValidationEpochStart() { add("on_validation_epoch_start"); }
    @Override public void onValidationEpochEnd() { add("on_validation_epoch_end"); }
    @Override public void onTestStart() { add("on_test_start"); }
    @Override public void onTestEnd() { add("on_test_end"); }
    @Override public void onTestEpochStart() { add("on_test_epoch_start"); }
    @Override public void onTestEpochEnd() { add("on_test_epoch_end"); }
}
