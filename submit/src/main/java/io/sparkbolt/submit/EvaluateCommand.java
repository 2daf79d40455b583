package io.sparkbolt.submit;

import io.sparkbolt.trainer.Trainer;
import io.sparkbolt.trainer.api.DataModule;
import io.sparkbolt.trainer.api.LightningModule;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Unmatched;

/** {@code sparkbolt validate} and {@code sparkbolt test}: one evaluation epoch of the config's model. */
abstract class EvaluateCommand implements Callable<Integer> {
    @Mixin
    RunOptions options;

    /** Config overrides: {@code --trainer.maxEpochs=10}. */
    @Unmatched
    List<String> overrides = new ArrayList<>();

    abstract Map<String, Double> evaluate(Trainer trainer, LightningModule model, DataModule data, String ckptPath);

    abstract String title();

    @Override
    public Integer call() {
        return options.execute(overrides, config -> {
            Trainer trainer = config.trainer();
            Map<String, Double> metrics = evaluate(trainer, config.model(), config.data(), config.ckptPath());
            Results.print(title(), metrics, System.out);
            if (options.results != null) {
                Results.write(options.results, metrics);
            }
            return 0;
        });
    }

    @Command(name = "validate", mixinStandardHelpOptions = true, description = "Run the validation split once.")
    static final class Validate extends EvaluateCommand {
        @Override
        Map<String, Double> evaluate(Trainer trainer, LightningModule model, DataModule data, String ckptPath) {
            return trainer.validate(model, data, ckptPath);
        }

        @Override
        String title() {
            return "validate metric";
        }
    }

    @Command(name = "test", mixinStandardHelpOptions = true, description = "Run the test split once.")
    static final class Test extends EvaluateCommand {
        @Override
        Map<String, Double> evaluate(Trainer trainer, LightningModule model, DataModule data, String ckptPath) {
            return trainer.test(model, data, ckptPath);
        }

        @Override
        String title() {
            return "test metric";
        }
    }
}
