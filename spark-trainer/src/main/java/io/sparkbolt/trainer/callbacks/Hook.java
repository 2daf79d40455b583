package io.sparkbolt.trainer.callbacks;

/** Every hook the Trainer calls, named as in Lightning; the key of hook timings. */
public enum Hook {
    SETUP("setup"), TEARDOWN("teardown"), ON_EXCEPTION("on_exception"),
    ON_FIT_START("on_fit_start"), ON_FIT_END("on_fit_end"),
    ON_SANITY_CHECK_START("on_sanity_check_start"), ON_SANITY_CHECK_END("on_sanity_check_end"),
    ON_TRAIN_START("on_train_start"), ON_TRAIN_END("on_train_end"),
    ON_TRAIN_EPOCH_START("on_train_epoch_start"), ON_TRAIN_EPOCH_END("on_train_epoch_end"),
    ON_TRAIN_BATCH_START("on_train_batch_start"), ON_TRAIN_BATCH_END("on_train_batch_end"),
    ON_BEFORE_OPTIMIZER_STEP("on_before_optimizer_step"),
    ON_VALIDATION_START("on_validation_start"), ON_VALIDATION_END("on_validation_end"),
    ON_VALIDATION_EPOCH_START("on_validation_epoch_start"), ON_VALIDATION_EPOCH_END("on_validation_epoch_end"),
    ON_VALIDATION_BATCH_START("on_validation_batch_start"), ON_VALIDATION_BATCH_END("on_validation_batch_end"),
    ON_TEST_START("on_test_start"), ON_TEST_END("on_test_end"),
    ON_TEST_EPOCH_START("on_test_epoch_start"), ON_TEST_EPOCH_END("on_test_epoch_end"),
    ON_TEST_BATCH_START("on_test_batch_start"), ON_TEST_BATCH_END("on_test_batch_end"),
    ON_PREDICT_START("on_predict_start"), ON_PREDICT_END("on_predict_end"),
    ON_PREDICT_EPOCH_START("on_predict_epoch_start"), ON_PREDICT_EPOCH_END("on_predict_epoch_end"),
    ON_PREDICT_BATCH_START("on_predict_batch_start"), ON_PREDICT_BATCH_END("on_predict_batch_end");

    private final String lightningName;

    Hook(String lightningName) {
        this.lightningName = lightningName;
    }

    /** The hook's name in Lightning, e.g. {@code on_train_epoch_start}. */
    public String lightningName() {
        return lightningName;
    }
}
