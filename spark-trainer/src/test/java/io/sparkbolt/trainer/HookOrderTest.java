package io.sparkbolt.trainer;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.sparkbolt.trainer.callbacks.CallbackOrder;
import io.sparkbolt.trainer.testing.Recorder;
import io.sparkbolt.trainer.testing.RecordingModule;
import io.sparkbolt.trainer.testing.SyntheticData;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The hooks run in Lightning's documented order (the "Hooks" pseudo-code of the LightningModule
 * docs, and {@code fit_loop}'s epoch end): setup, configure, on_fit_start, the sanity check,
 * on_train_start, per epoch on_train_epoch_start, the batches (the optimiser step before
 * on_train_batch_end), validation, on_train_epoch_end; a callback's hook before the module's hook of
 * the same name, except that at an epoch's end monitoring and checkpointing callbacks run after the
 * module's hook (checkpointing last). Where Sparkbolt must differ it is asserted and said: the
 * module's batch hooks and steps run inside the round, where the batch runs (on the worker with a
 * Spark strategy), so for the round's last batch the callbacks' on_*_batch_end, which run on the
 * driver after the round, follow the module's; evaluation steps have no module batch hooks.
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

    /** A callback of the given order that records its epoch-end hooks as {@code <name>.<hook>}. */
    private static io.sparkbolt.trainer.callbacks.Callback ordered(String name, CallbackOrder order, List<String> events) {
        return new io.sparkbolt.trainer.callbacks.Callback() {
            @Override
            public CallbackOrder order() {
                return order;
            }

            @Override
            public String stateKey() {
                return name;
            }

            @Override
            public void onTrainEpochEnd(Trainer trainer, io.sparkbolt.trainer.api.LightningModule module) {
                events.add(name + ".on_train_epoch_end");
            }

            @Override
            public void onValidationEpochEnd(Trainer trainer, io.sparkbolt.trainer.api.LightningModule module) {
                events.add(name + ".on_validation_epoch_end");
            }
        };
    }

    @Test
    void monitoringAndCheckpointingCallbacksRunAfterTheModuleAtAnEpochsEnd() {
        List<String> events = new ArrayList<>();
        Trainer trainer = TestTrainers.quiet().maxEpochs(1).limitTrainBatches(1).limitValBatches(1)
                .callbacks(ordered("checkpoint", CallbackOrder.CHECKPOINTING, events),
                        ordered("monitor", CallbackOrder.MONITORING, events), new Recorder(events)).build();
        trainer.fit(new RecordingModule(events), SyntheticData.small());
        List<String> epochEnds = events.stream().filter(e -> e.endsWith("epoch_end")).toList();
        assertEquals(List.of(
                "callback.on_validation_epoch_end", "module.on_validation_epoch_end",
                "monitor.on_validation_epoch_end", "checkpoint.on_validation_epoch_end",
                "callback.on_train_epoch_end", "module.on_train_epoch_end",
                "monitor.on_train_epoch_end", "checkpoint.on_train_epoch_end"), epochEnds);
    }
}
