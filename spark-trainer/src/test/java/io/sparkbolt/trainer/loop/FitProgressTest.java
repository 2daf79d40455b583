package io.sparkbolt.trainer.loop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkbolt.trainer.checkpoint.CheckpointState;
import org.junit.jupiter.api.Test;

/** The epoch's state machine through a save and a restore, at each point a checkpoint can be taken. */
class FitProgressTest {
    @Test
    void aStateSavedAfterARoundThatMadeTheLastValidationDueResumesWithThatValidation() {
        FitProgress running = new FitProgress();
        assertFalse(running.startEpoch(), "a fresh fit starts its epoch");
        running.addRound(4, 4, 128);
        running.setRoundTail(true, true);
        CheckpointState.Loops saved = running.state(4);
        assertEquals(Boolean.TRUE, saved.validationPending());
        assertEquals(Boolean.TRUE, saved.epochDone());
        assertEquals(1, saved.roundInEpoch());

        FitProgress restored = new FitProgress();
        restored.load(saved);
        assertTrue(restored.startEpoch(), "the restored epoch carries on");
        assertEquals(EpochPhase.LAST_VALIDATION_DUE, restored.phase());
        assertEquals(4, restored.batchInEpoch());
        restored.validationRan();
        assertEquals(EpochPhase.BATCHES_DONE, restored.phase());
    }

    @Test
    void aStateSavedAfterItsValidationRanDoesNotRunItAgain() {
        FitProgress running = new FitProgress();
        running.startEpoch();
        running.addRound(2, 2, 64);
        running.setRoundTail(true, false);
        running.validationRan();
        FitProgress restored = new FitProgress();
        restored.load(running.state(2));
        restored.startEpoch();
        assertEquals(EpochPhase.TRAINING, restored.phase());
        assertFalse(restored.phase().validationPending());
    }

    @Test
    void aStateSavedInTheEpochsEndHooksResumesAtTheNextEpoch() {
        FitProgress running = new FitProgress();
        running.startEpoch();
        running.addRound(8, 8, 256);
        running.setRoundTail(false, true);
        running.endingEpoch(true);
        assertTrue(running.atEpochEnd());
        CheckpointState.Loops saved = running.state(8);
        assertTrue(saved.epochEnded());

        FitProgress restored = new FitProgress();
        restored.load(saved);
        assertEquals(1, restored.epoch());
        assertFalse(restored.startEpoch(), "the next epoch starts afresh");
        assertEquals(0, restored.batchInEpoch());
        assertEquals(8, restored.globalStep());
    }

    @Test
    void anEpochCutShortSavesAsInsideTheEpoch() {
        FitProgress running = new FitProgress();
        running.startEpoch();
        running.addRound(3, 3, 96);
        running.setRoundTail(false, false);
        running.endingEpoch(false);
        assertFalse(running.atEpochEnd(), "a stop cut it short: a resume trains its remaining batches");
        CheckpointState.Loops saved = running.state(1);
        assertFalse(saved.epochEnded());
        assertEquals(3, saved.batchInEpoch());
        running.finishEpoch();
        assertEquals(EpochPhase.BETWEEN_EPOCHS, running.phase());
        assertEquals(1, running.epoch());
    }
}
