package io.sparkbolt.trainer;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.sparkbolt.trainer.testing.Recorder;
import io.sparkbolt.trainer.testing.RecordingModule;
import io.sparkbolt.trainer.testing.SyntheticData;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The hooks run in Lightning's documented order (pytorch_lightning "Hooks" pseudo-code): callbacks
 * before the module's hook of the same name, validation before on_train_epoch_end, the optimiser
 * step before on_train_batch_end.
 */
class HookOrderTest {

    private static final List<String> TRAIN_BATCH = List.of(
            "callback.on_train_batch_start", "module.on_train_batch_start", "module.training_step",
            "module.on_before_optimizer_step", "module.on_train_batch_end", "callback.on_train_batch_end");

    private static List<String> validation(int batches) {
        List<String> events = new ArrayList<>(List.of(
                "callback.on_validation_start", "module.on_validation_start",
                "callback.on_validation_epoch_start", "module.on_validation_epoch_start"));
        for (int i = 0; i < batches; i++) {
            events.addAll(List.of("callback.on_validation_batch_start", "module.validation_step", "callback.on_validation_batch_end"));
        }
        events.addAll(List.of("callback.on_validation_epoch_end", "module.on_validation_epoch_end",
                "callback.on_validation_end", "module.on_validation_end"));
        return events;
    }

    @Test
    void fitFollowsLightningOrder() {
        List<String> events = new ArrayList<>();
        Trainer trainer = TestTrainers.quiet().maxEpochs(1).limitTrainBatches(2).limitValBatches(1)
                .numSanityValSteps(1).callbacks(new Recorder(events)).build();
        trainer.fit(new RecordingModule(events), SyntheticData.small());

        List<String> expected = new ArrayList<>(List.of(
                "callback.setup", "module.setup", "module.configure_network", "module.configure_optimizers",
                "callback.on_fit_start", "module.on_fit_start",
                "callback.on_sanity_check_start"));
        expected.addAll(validation(1));
        expected.addAll(List.of("callback.on_sanity_check_end",
                "callback.on_train_start", "module.on_train_start",
                "callback.on_train_epoch_start", "module.on_train_epoch_start"));
        expected.addAll(TRAIN_BATCH);
        expected.addAll(TRAIN_BATCH);
        expected.addAll(validation(1));
        expected.addAll(List.of("callback.on_train_epoch_end", "module.on_train_epoch_end",
                "callback.on_train_end", "module.on_train_end",
                "callback.on_fit_end", "module.on_fit_end",
                "callback.teardown", "module.teardown"));
        assertEquals(expected, events);
    }

    @Test
    void testFollowsLightningOrder() {
        List<String> events = new ArrayList<>();
        Trainer trainer = TestTrainers.quiet().limitTestBatches(2).callbacks(new Recorder(events)).build();
        trainer.test(new RecordingModule(events), SyntheticData.small());

        List<String> expected = new ArrayList<>(List.of(
                "callback.setup", "module.setup", "module.configure_network", "module.configure_optimizers",
                "callback.on_test_start", "module.on_test_start",
                "callback.on_test_epoch_start", "module.on_test_epoch_start"));
        for (int i = 0; i < 2; i++) {
            expected.addAll(List.of("callback.on_test_batch_start", "module.test_step", "callback.on_test_batch_end"));
        }
        expected.addAll(List.of("callback.on_test_epoch_end", "module.on_test_epoch_end",
                "callback.on_test_end", "module.on_test_end", "callback.teardown", "module.teardown"));
        assertEquals(expected, events);
    }

    @Test
    void checkpointCallbacksRunLast() {
        List<String> events = new ArrayList<>();
        io.sparkbolt.trainer.callbacks.Callback last = new io.sparkbolt.trainer.callbacks.Callback() {
            @Override
            public boolean runsLast() {
                return true;
            }

            @Override
            public void onTrainEpochEnd(Trainer trainer, io.sparkbolt.trainer.api.LightningModule module) {
                events.add("last.on_train_epoch_end");
            }
        };
        Trainer trainer = TestTrainers.quiet().maxEpochs(1).limitTrainBatches(1).limitValBatches(0)
                .callbacks(last, new Recorder(events)).build();
        trainer.fit(new RecordingModule(events), SyntheticData.small());
        int recorder = events.indexOf("callback.on_train_epoch_end");
        int checkpoint = events.indexOf("last.on_train_epoch_end");
        int module = events.indexOf("module.on_train_epoch_end");
        assertEquals(List.of(recorder, recorder + 1, recorder + 2), List.of(recorder, checkpoint, module));
    }
}
