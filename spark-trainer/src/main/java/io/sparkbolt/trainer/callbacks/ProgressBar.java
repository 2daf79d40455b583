package io.sparkbolt.trainer.callbacks;

import io.sparkbolt.trainer.Trainer;
import io.sparkbolt.trainer.api.LightningModule;
import io.sparkbolt.trainer.api.StepOutput;
import java.util.Map;
import java.util.StringJoiner;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * A progress bar per training epoch (the {@code me.tongfei:progressbar} library) showing the
 * progress-bar metrics and samples per second; validation results appear on it at the end.
 */
public final class ProgressBar implements Callback {
    private me.tongfei.progressbar.ProgressBar bar;
    private long epochStartNanos;
    private long epochStartExamples;

    @Override
    public void onTrainEpochStart(Trainer trainer, LightningModule module) {
        epochStartNanos = System.nanoTime();
        epochStartExamples = trainer.progress().examplesSeen();
        bar = new ProgressBarBuilder()
                .setTaskName("Epoch " + trainer.currentEpoch())
                .setInitialMax(trainer.progress().epochBatches())
                .setStyle(ProgressBarStyle.ASCII)
                .setUpdateIntervalMillis(500)
                .setMaxRenderedLength(120)
                .continuousUpdate()
                .build();
    }

    @Override
    public void onTrainBatchEnd(Trainer trainer, LightningModule module, StepOutput outputs, int batchIdx) {
        if (bar == null) {
            return;
        }
        bar.stepTo(batchIdx + 1);
        bar.setExtraMessage(message(trainer));
    }

    @Override
    public void onValidationEnd(Trainer trainer, LightningModule module) {
        if (bar != null && !trainer.isSanityChecking()) {
            bar.setExtraMessage(message(trainer));
        }
    }

    @Override
    public void onTrainEpochEnd(Trainer trainer, LightningModule module) {
        close();
    }

    @Override
    public void onException(Trainer trainer, LightningModule module, Throwable error) {
        close();
    }

    private void close() {
        if (bar != null) {
            bar.close();
            bar = null;
        }
    }

    private String message(Trainer trainer) {
        StringJoiner parts = new StringJoiner(", ", " ", "");
        for (Map.Entry<String, Double> metric : trainer.progressBarMetrics().entrySet()) {
            parts.add(metric.getKey() + "=" + String.format("%.4g", metric.getValue()));
        }
        double seconds = (System.nanoTime() - epochStartNanos) / 1e9;
        long examples = trainer.progress().examplesSeen() - epochStartExamples;
        if (seconds > 0) {
            parts.add(String.format("%.0f samples/s", examples / seconds));
        }
        return parts.toString();
    }
}
