package io.sparkbolt.submit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.sparkbolt.trainer.spark.SparkSettings;
import io.sparkbolt.trainer.strategy.Prediction;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.factory.Nd4j;

/** What a predictions part holds: the key, the outputs as computed (NaN included), the argmax only when there is one. */
class PredictionWriterTest {
    @TempDir
    Path dir;

    @Test
    void aNanOutputIsWrittenAsNanWithNoArgmax() throws Exception {
        List<Prediction> predictions = List.of(
                new Prediction(0, Nd4j.create(new float[][] {{0.1f, 0.9f}, {Float.NaN, 0.2f}})),
                new Prediction(1, Nd4j.create(new float[][] {{0.7f, 0.3f}})));
        Path out = dir.resolve("predictions");
        PredictionWriter.write(out.toString(), "csv", predictions, 2, SparkSettings.defaults());
        assertEquals(List.of("shard,row,output_0,output_1,argmax", "0,0,0.10000000149011612,0.8999999761581421,1",
                "0,1,NaN,0.20000000298023224,"), Files.readAllLines(out.resolve("part-00000.csv")));
        assertEquals(List.of("shard,row,output_0,output_1,argmax", "1,0,0.699999988079071,0.30000001192092896,0"),
                Files.readAllLines(out.resolve("part-00001.csv")));
        assertNull(PredictionWriter.argmax(new double[] {1, Double.NaN, 0}));
        assertEquals(2L, PredictionWriter.argmax(new double[] {1, 0, 3}));
    }
}
