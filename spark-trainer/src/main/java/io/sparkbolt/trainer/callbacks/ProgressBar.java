package io.sparkbolt.trainer.callbacks;

import io.sparkbolt.trainer.Trainer;
import io.sparkbolt.trainer.api.Arg;
import io.sparkbolt.trainer.api.ArgDefaults;
import io.sparkbolt.trainer.api.LightningModule;
import io.sparkbolt.trainer.api.SparkboltException;
import io.sparkbolt.trainer.api.StepOutput;
import java.io.PrintStream;
import java.util.Map;
import java.util.StringJoiner;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * A progress bar per training epoch (the {@code me.tongfei:progressbar} library) showing the
 * progress-bar metrics and samples per second, redrawn every {@code refreshRate} batches;
 * validation results appear on it at the end. When the output is not a terminal (a cluster's
 * driver log, a CI job) there is no bar: one line per epoch says where training stands.
 *
 * <pre>{@code callbacks: [{class: ProgressBar, args: {refreshRate: 10}}]}</pre>
 */
public final class ProgressBar implements Callback {
    private static final ArgDefaults DEFAULTS = ArgDefaults.of(ProgressBar.class);

    private final int refreshRate;
    private final boolean interactive;
    private final PrintStream lines;
    private me.tongfei.progressbar.ProgressBar bar;
    private long epochStartNanos;
    private long epochStartExamples;
    private long batchesSeen;

    /** A bar redrawn at every batch when the output is a terminal. */
    public ProgressBar() {
        this(DEFAULTS.<Integer>get("refreshRate"));
    }

    /** The form configs use. */
    public ProgressBar(@Arg(value = "refreshRate", defaultValue = "1", description = "batches between redraws") int refreshRate) {
        this(refreshRate, System.console() != null, System.err);
    }

    /**
     * @param refreshRate batches between redraws of the bar
     * @param interactive whether to draw a bar (else one line per epoch to {@code lines})
     * @param lines       where the per-epoch lines go without a bar
     */
    public ProgressBar(int refreshRate, boolean interactive, PrintStream lines) {
        if (refreshRate < 1) {
            throw new SparkboltException("ProgressBar: refreshRate must be >= 1 batch, got " + refreshRate);
        }
        this.refreshRate = refreshRate;
        this.interactive = interactive;
        this.lines = lines;
    }

    @Override
    public void onTrainEpochStart(Trainer trainer, LightningModule module) {
        epochStartNanos = System.nanoTime();
        epochStartExamples = trainer.progress().examplesSeen();
        batchesSeen = 0;
        if (!interactive) {
            return;
        }
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
        batchesSeen = batchIdx + 1;
        if (bar == null || (batchIdx + 1) % refreshRate != 0) {
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
        if (bar != null) {
            bar.stepTo(batchesSeen);
            bar.setExtraMessage(message(trainer));
        } else if (!interactive) {
            long total = trainer.progress().epochBatches();
            lines.println("Epoch " + trainer.currentEpoch() + ": " + batchesSeen + (total >= 0 ? "/" + total : "")
                    + " batches" + message(trainer));
        }
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
