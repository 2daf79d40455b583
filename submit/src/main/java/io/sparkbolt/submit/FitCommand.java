package io.sparkbolt.submit;

import io.sparkbolt.trainer.Trainer;
import io.sparkbolt.trainer.api.DataModule;
import io.sparkbolt.trainer.api.LightningModule;
import java.util.LinkedHashMap;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Unmatched;
import picocli.CommandLine.Option;

/** {@code sparkbolt fit}: trains from a run config, then optionally tests, and reports the final metrics. */
@Command(name = "fit", mixinStandardHelpOptions = true,
        description = {"Train the config's model on its data.",
                "Any config key can be overridden: --trainer.maxEpochs=10 --model.args.lr=0.01"})
final class FitCommand implements Callable<Integer> {
    @Mixin
    RunOptions options;

    /** Config overrides: {@code --trainer.maxEpochs=10}. */
    @Unmatched
    List<String> overrides = new ArrayList<>();

    @Option(names = "--test", description = "also run the test split with the trained model")
    boolean test;

    @Override
    public Integer call() {
        return options.execute(overrides, config -> {
            LightningModule model = config.model();
            DataModule data = config.data();
            Trainer trainer = config.trainer();
            trainer.fit(model, data, config.ckptPath());
            Map<String, Double> metrics = new LinkedHashMap<>(trainer.callbackMetrics());
            if (test) {
                metrics.putAll(trainer.test(model, data));
            }
            Results.print("final metrics", metrics, System.out);
            if (options.results != null) {
                Results.write(options.results, metrics);
            }
            return 0;
        });
    }
}
