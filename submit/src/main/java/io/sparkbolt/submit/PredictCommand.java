package io.sparkbolt.submit;

import io.sparkbolt.trainer.Trainer;
import io.sparkbolt.trainer.api.DataModule;
import io.sparkbolt.trainer.api.LightningModule;
import io.sparkbolt.trainer.predict.PredictionFormat;
import io.sparkbolt.trainer.predict.PredictionOutput;
import io.sparkbolt.trainer.predict.PredictionSummary;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Unmatched;

/**
 * {@code sparkbolt predict}: runs the config's model (usually from {@code --ckptPath}) over the
 * data module's predict split and writes the outputs to a directory (any Hadoop URI) as CSV or
 * Parquet, one part per input shard, from where they are computed ({@code Trainer.predict} with a
 * {@link PredictionOutput}).
 */
@Command(name = "predict", mixinStandardHelpOptions = true,
        description = {"Predict over the data's predict split and write the outputs, one part per input shard.",
                "Give the trained weights with --ckptPath (a checkpoint, last or best)."})
final class PredictCommand implements Callable<Integer> {
    @Mixin
    RunOptions options;

    /** Config overrides: {@code --data.args.path=...}. */
    @Unmatched
    List<String> overrides = new ArrayList<>();

    @Option(names = "--output", required = true, paramLabel = "DIR", description = "where the predictions go (path or Hadoop URI; must not exist)")
    String output;

    @Option(names = "--format", defaultValue = "csv", paramLabel = "FORMAT", description = "csv (default) or parquet")
    String format;

    @Override
    public Integer call() {
        return options.execute(overrides, config -> {
            PredictionOutput target = new PredictionOutput(output, PredictionFormat.named(format));
            LightningModule model = config.model();
            DataModule data = config.data();
            Trainer trainer = config.trainer();
            PredictionSummary written = trainer.predict(model, data, config.ckptPath(), target);
            System.out.println("predict: wrote " + written.rows() + " rows in " + written.parts() + " part(s) to " + output);
            if (options.results != null) {
                Results.write(options.results, Map.of("predicted_rows", (double) written.rows(), "parts", (double) written.parts()));
            }
            return 0;
        });
    }
}
