package io.sparkbolt.ddp;

import io.sparkbolt.trainer.Trainer;
import io.sparkbolt.trainer.api.Optimizers;
import io.sparkbolt.trainer.spark.SparkSettings;
import io.sparkbolt.trainer.testing.TinyModel;
import java.util.List;

/**
 * A user's program as written: fits with ddp on local[2] and returns from {@code main}, stopping
 * nothing. {@link DdpExitTest} runs it in a child JVM, which must then exit by itself.
 */
public final class DdpProgram {
    private DdpProgram() {
    }

    public static void main(String[] args) {
        Trainer trainer = Trainer.builder().maxEpochs(1).enableProgressBar(false).enableModelSummary(false)
                .enableCheckpointing(false).loggers(List.of()).numSanityValSteps(0).seed(5)
                .strategy(Ddp.builder().numWorkers(2).timeoutSeconds(30).spark(SparkSettings.local(2)).build()).build();
        trainer.fit(new TinyModel(Optimizers.sgd(0.1)), new PairedData(2, 64, 8, false));
        System.out.println("fitted " + trainer.globalStep() + " steps");
    }
}
