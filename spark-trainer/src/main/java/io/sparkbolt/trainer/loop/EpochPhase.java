package io.sparkbolt.trainer.loop;

/**
 * Where the current training epoch stands: the state machine a mid-epoch checkpoint saves and a
 * restore picks up. An epoch starts {@link #TRAINING}; after each round it is in one of the four
 * round-tail phases ({@link #afterRound}); a validation that ran moves it on
 * ({@link #validationRan}); its end hooks run in {@link #ENDING} or {@link #ENDING_CUT_SHORT};
 * then {@link #BETWEEN_EPOCHS}. A restore puts back the round-tail phase it was saved in, and an
 * epoch starting in any phase but {@link #BETWEEN_EPOCHS} carries on instead of starting over.
 */
enum EpochPhase {
    /** No epoch is running: before the first, between two, after a restore at an epoch's end. */
    BETWEEN_EPOCHS(false, false),
    /** Rounds run; the last one left nothing due. */
    TRAINING(false, false),
    /** The last round made a validation due; batches remain. */
    VALIDATION_DUE(true, false),
    /** The last round ran the epoch's last batch and made a validation due. */
    LAST_VALIDATION_DUE(true, true),
    /** Every batch of the epoch ran, and the validation they made due; the end hooks are next. */
    BATCHES_DONE(false, true),
    /** The end hooks run after every batch ran: a checkpoint taken now resumes at the next epoch. */
    ENDING(false, true),
    /** The end hooks run after a stop or a limit cut the epoch short. */
    ENDING_CUT_SHORT(false, false);

    private final boolean validationPending;
    private final boolean batchesDone;

    EpochPhase(boolean validationPending, boolean batchesDone) {
        this.validationPending = validationPending;
        this.batchesDone = batchesDone;
    }

    /** The phase after a round: whether it made a validation due, and whether it ran the epoch's last batch. */
    static EpochPhase afterRound(boolean validationDue, boolean batchesDone) {
        if (validationDue) {
            return batchesDone ? LAST_VALIDATION_DUE : VALIDATION_DUE;
        }
        return batchesDone ? BATCHES_DONE : TRAINING;
    }

    /** The phase once the due validation ran (or was skipped because validation is off). */
    EpochPhase validationRan() {
        return switch (this) {
            case VALIDATION_DUE -> TRAINING;
            case LAST_VALIDATION_DUE -> BATCHES_DONE;
            default -> this;
        };
    }

    /** The end-hook phase: {@code batchesDone} when every batch ran, else cut short. */
    static EpochPhase ending(boolean batchesDone) {
        return batchesDone ? ENDING : ENDING_CUT_SHORT;
    }

    /** Whether a validation fell due and has not run. */
    boolean validationPending() {
        return validationPending;
    }

    /** Whether every batch of the epoch has run. */
    boolean batchesDone() {
        return batchesDone;
    }
}
