package io.sparkbolt.trainer;

import java.util.List;

/** Trainer builders for tests: quiet (no bar, summary, loggers or checkpoints) unless a test turns them on. */
final class TestTrainers {
    private TestTrainers() {
    }

    static TrainerBuilder quiet() {
        return Trainer.builder()
                .enableProgressBar(false)
                .enableModelSummary(false)
                .enableCheckpointing(false)
                .loggers(List.of())
                .numSanityValSteps(0)
                .seed(7);
    }
}
