package com.example.mymodels;

import io.sparkbolt.averaging.ParameterAveraging;
import io.sparkbolt.trainer.Trainer;
import io.sparkbolt.trainer.callbacks.EarlyStopping;
import io.sparkbolt.trainer.callbacks.ModelCheckpoint;
import io.sparkbolt.trainer.callbacks.MonitorMode;
import io.sparkbolt.trainer.loggers.CsvLogger;
import io.sparkbolt.trainer.spark.SparkSettings;
import java.util.List;
import java.util.Map;

/**
 * The same run as {@code run.yaml}, from Java: parameter averaging over two Spark workers on
 * {@code local[2]}, a checkpoint of the best model by {@code val_loss}, then a test of it.
 *
 * <pre>{@code examples/my-models/run-main [rootDir]}</pre>
 */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        String root = args.length > 0 ? args[0] : "target/runs";
        Trainer trainer = Trainer.builder()
                .seed(7)
                .maxEpochs(4)
                .defaultRootDir(root)
                .strategy(ParameterAveraging.builder().spark(SparkSettings.local(2)).numWorkers(2).averagingFrequency(8).build())
                .callbacks(ModelCheckpoint.builder().monitor("val_loss").mode(MonitorMode.MIN).saveTopK(1).build(),
                        EarlyStopping.builder().monitor("val_loss").patience(3).build())
                .loggers(List.of(new CsvLogger(root)))
                .build();
        SineRegressor model = new SineRegressor(32, 0.01);
        SineData data = new SineData(4096, 64);
        trainer.fit(model, data);
        Map<String, Double> test = trainer.test(model, data, "best");
        System.out.println("val_loss=" + trainer.callbackMetrics().get("val_loss") + " test_loss=" + test.get("test_loss"));
    }
}
