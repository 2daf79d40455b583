package io.sparkbolt.trainer.testing;

import io.sparkbolt.trainer.Trainer;
import io.sparkbolt.trainer.api.LightningModule;
import io.sparkbolt.trainer.api.Stage;
import io.sparkbolt.trainer.api.StepOutput;
import io.sparkbolt.trainer.callbacks.Callback;
import java.util.ArrayList;
import java.util.List;

/** A callback that writes every hook it receives into a shared list, as {@code callback.<hook>}. */
public final class Recorder implements Callback {
    private final List<String> events;

    public Recorder(List<String> events) {
        this.events = events;
    }

    public Recorder() {
        this(new ArrayList<>());
    }

    public List<String> events() {
        return events;
    }

    private void add(String hook) {
        events.add("callback." + hook);
    }

    @Override public void setup(Trainer t, LightningModule m, Stage stage) { add("setup"); }
    @Override public void teardown(Trainer t, LightningModule m, Stage stage) { add("teardown"); }
    @Override public void onFitStart(Trainer t, LightningModule m) { add("on_fit_start"); }
    @Override public void onFitEnd(Trainer t, LightningModule m) { add("on_fit_end"); }
    @Override public void onSanityCheckStart(Trainer t, LightningModule m) { add("on_sanity_check_start"); }
    @Override public void onSanityCheckEnd(Trainer t, LightningModule m) { add("on_sanity_check_end"); }
    @Override public void onTrainStart(Trainer t, LightningModule m) { add("on_train_start"); }
    @Override public void onTrainEnd(Trainer t, LightningModule m) { add("on_train_end"); }
    @Override public void onTrainEpochStart(Trainer t, LightningModule m) { add("on_train_epoch_start"); }
    @Override public void onTrainEpochEnd(Trainer t, LightningModule m) { add("on_train_epoch_end"); }
    @Override public void onTrainBatchStart(Trainer t, LightningModule m, int i) { add("on_train_batch_start"); }
    @Override public void onTrainBatchEnd(Trainer t, LightningModule m, StepOutput o, int i) { add("on_train_batch_end"); }
    @Override public void onValidationStart(Trainer t, LightningModule m) { add("on_validation_start"); }
    @Override public void onValidationEnd(Trainer t, LightningModule m) { add("on_validation_end"); }
    @Override public void onValidationEpochStart(Trainer t, LightningModule m) { add("on_validation_epoch_start"); }
    @Override public void onValidationEpochEnd(Trainer t, LightningModule m) { add("on_validation_epoch_end"); }
    @Override public void onValidationBatchStart(Trainer t, LightningModule m, int i) { add("on_validation_batch_start"); }
    @Override public void onValidationBatchEnd(Trainer t, LightningModule m, int i) { add("on_validation_batch_end"); }
    @Override public void onTestStart(Trainer t, LightningModule m) { add("on_test_start"); }
    @Override public void onTestEnd(Trainer t, LightningModule m) { add("on_test_end"); }
    @Override public void onTestEpochStart(Trainer t, LightningModule m) { add("on_test_epoch_start"); }
    @Override public void onTestEpochEnd(Trainer t, LightningModule m) { add("on_test_epoch_end"); }
    @Override public void onTestBatchStart(Trainer t, LightningModule m, int i) { add("on_test_batch_start"); }
    @Override public void onTestBatchEnd(Trainer t, LightningModule m, int i) { add("on_test_batch_end"); }
}
