package io.sparkbolt.trainer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkbolt.trainer.api.Batch;
import io.sparkbolt.trainer.api.DataModule;
import io.sparkbolt.trainer.api.DataShape;
import io.sparkbolt.trainer.api.Optimizers;
import io.sparkbolt.trainer.api.RowIds;
import io.sparkbolt.trainer.api.Shard;
import io.sparkbolt.trainer.api.ShardRead;
import io.sparkbolt.trainer.api.SparkboltException;
import io.sparkbolt.trainer.api.Split;
import io.sparkbolt.trainer.predict.PredictionOutput;
import io.sparkbolt.trainer.predict.PredictionSummary;
import io.sparkbolt.trainer.testing.SyntheticData;
import io.sparkbolt.trainer.testing.TinyModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.hadoop.example.GroupReadSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * {@code Trainer.predict} to an output directory (local strategy): one part per input shard, the
 * same numbers as the in-memory outputs, NaN kept as NaN, ids as keys, and nothing left behind by
 * a failed run.
 */
class PredictionOutputTest {
    @TempDir
    Path dir;

    /** 3 predict shards of 10, 10 and 10 examples, batches of 4. */
    private static SyntheticData data() {
        return new SyntheticData(4, 40, 30, 3);
    }

    private static Trainer trainer() {
        return TestTrainers.quiet().maxEpochs(1).build();
    }

    @Test
    void csvPartsHoldTheInMemoryOutputsKeyedByShardAndRow() throws Exception {
        TinyModel model = new TinyModel(Optimizers.adam(0.01));
        Trainer trainer = trainer();
        trainer.fit(model, data());
        List<INDArray> inMemory = trainer.predict(model, data());
        Path out = dir.resolve("predictions");
        PredictionSummary summary = trainer.predict(model, data(), null, PredictionOutput.csv(out.toString()));
        assertEquals(30, summary.rows());
        assertEquals(3, summary.parts());
        assertEquals(List.of("_SUCCESS", "part-00000.csv", "part-00001.csv", "part-00002.csv"), names(out),
                "one part per shard, the committer's _temporary gone, no .crc files");

        List<String> expected = new ArrayList<>();
        int shard = 0;
        long row = 0;
        int batchInShard = 0;
        for (INDArray batch : inMemory) {
            for (int r = 0; r < batch.rows(); r++) {
                StringBuilder line = new StringBuilder().append(shard).append(',').append(row++);
                double[] values = batch.getRow(r).toDoubleVector();
                int best = 0;
                for (int i = 0; i < values.length; i++) {
                    line.append(',').append(values[i]);
                    best = values[i] > values[best] ? i : best;
                }
                expected.add(line.append(',').append(best).toString());
            }
            if (++batchInShard == 3) { // 10 examples in batches of 4
                shard++;
                row = 0;
                batchInShard = 0;
            }
        }
        List<String> written = new ArrayList<>();
        for (int part = 0; part < 3; part++) {
            List<String> lines = Files.readAllLines(out.resolve(String.format("part-%05d.csv", part)));
            assertEquals("shard,row,output_0,output_1,output_2,argmax", lines.get(0));
            written.addAll(lines.subList(1, lines.size()));
        }
        assertEquals(expected, written);

        SparkboltException exists = assertThrows(SparkboltException.class,
                () -> trainer.predict(model, data(), null, PredictionOutput.csv(out.toString())));
        assertTrue(exists.getMessage().contains("already exists"), exists.getMessage());
    }

    @Test
    void parquetPartsReadBackAsWritten() throws Exception {
        TinyModel model = new TinyModel(Optimizers.adam(0.01));
        Trainer trainer = trainer();
        List<INDArray> inMemory = trainer.predict(model, data());
        Path out = dir.resolve("parquet");
        trainer.predict(model, data(), null, PredictionOutput.parquet(out.toString()));
        assertEquals(List.of("_SUCCESS", "part-00000.parquet", "part-00001.parquet", "part-00002.parquet"), names(out));
        List<Group> rows = new ArrayList<>();
        for (int part = 0; part < 3; part++) {
            org.apache.hadoop.fs.Path file = new org.apache.hadoop.fs.Path(out.resolve(String.format("part-%05d.parquet", part)).toUri());
            try (ParquetReader<Group> reader = ParquetReader.builder(new GroupReadSupport(), file).withConf(new Configuration()).build()) {
                for (Group group = reader.read(); group != null; group = reader.read()) {
                    rows.add(group);
                }
            }
        }
        assertEquals(30, rows.size());
        assertEquals(1, rows.get(12).getInteger("shard", 0));
        assertEquals(2, rows.get(12).getLong("row", 0));
        assertEquals(inMemory.get(3).getDouble(2, 1), rows.get(12).getDouble("output_1", 0)); // batch 3 = shard 1's first
    }

    @Test
    void aNanOutputIsWrittenAsNanWithNoArgmax() throws Exception {
        TinyModel model = new TinyModel(Optimizers.adam(0.01)) {
            @Override
            public INDArray predictStep(Batch batch, int batchIdx) {
                INDArray out = super.predictStep(batch, batchIdx);
                out.putScalar(0, 1, Double.NaN);
                return out;
            }
        };
        Path out = dir.resolve("nan");
        trainer().predict(model, data(), null, PredictionOutput.csv(out.toString()));
        List<String> lines = Files.readAllLines(out.resolve("part-00000.csv"));
        assertTrue(lines.get(1).matches("0,0,[^,]+,NaN,[^,]+,"), lines.get(1));
        assertTrue(lines.get(2).matches("0,1,([^,]+,){3}[0-2]"), lines.get(2));
    }

    @Test
    void rowsWithIdsAreKeyedByThem() throws Exception {
        Path out = dir.resolve("ids");
        trainer().predict(new TinyModel(Optimizers.adam(0.01)), new WithIds(data()), null, PredictionOutput.csv(out.toString()));
        List<String> lines = Files.readAllLines(out.resolve("part-00001.csv"));
        assertEquals("user,output_0,output_1,output_2,argmax", lines.get(0));
        assertTrue(lines.get(1).startsWith("\"u,1,0\",") && lines.get(10).startsWith("\"u,1,9\","), lines.toString());
        assertEquals(11, lines.size());
    }

    @Test
    void aFailedPredictionLeavesNoOutput() {
        TinyModel failing = new TinyModel(Optimizers.adam(0.01)) {
            @Override
            public INDArray predictStep(Batch batch, int batchIdx) {
                if (batchIdx == 4) {
                    throw new SparkboltException("predictStep failed at batch 4");
                }
                return super.predictStep(batch, batchIdx);
            }
        };
        Path out = dir.resolve("failed");
        SparkboltException error = assertThrows(SparkboltException.class,
                () -> trainer().predict(failing, data(), null, PredictionOutput.csv(out.toString())));
        assertTrue(error.getMessage().contains("batch 4"), error.getMessage());
        assertFalse(Files.exists(out), "no half-written output");
    }

    private static List<String> names(Path dir) throws Exception {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    /** Synthetic data whose batches carry ids {@code "u,<shard>,<row>"} in a column named {@code user} (commas: quoted in CSV). */
    private static final class WithIds extends DataModule {
        private final SyntheticData inner;

        WithIds(SyntheticData inner) {
            this.inner = inner;
        }

        @Override
        public int batchSize() {
            return inner.batchSize();
        }

        @Override
        public Optional<DataShape> shape() {
            return inner.shape();
        }

        @Override
        public List<? extends Shard> shards(Split split) {
            return inner.shards(split);
        }

        @Override
        public Iterator<Batch> open(Shard shard, ShardRead read) {
            int index = read.shardIndex();
            Iterator<Batch> batches = inner.open(shard, read);
            return new Iterator<>() {
                private int row;

                @Override
                public boolean hasNext() {
                    return batches.hasNext();
                }

                @Override
                public Batch next() {
                    Batch batch = batches.next();
                    List<String> ids = new ArrayList<>();
                    for (int i = 0; i < batch.size(); i++) {
                        ids.add("u," + index + "," + row++);
                    }
                    return batch.withIds(new RowIds("user", ids));
                }
            };
        }
    }
}
