package io.sparkbolt.data;

import io.sparkbolt.trainer.Trainer;
import io.sparkbolt.trainer.TrainerBuilder;
import io.sparkbolt.trainer.api.DataContext;
import io.sparkbolt.trainer.api.Shard;
import io.sparkbolt.trainer.api.ShardFunction;
import io.sparkbolt.trainer.api.Stage;
import io.sparkbolt.trainer.strategy.LocalStrategy;
import io.sparkbolt.trainer.strategy.Strategy;
import java.io.IOException;
import java.io.OutputStream;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.zip.GZIPOutputStream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.io.compress.BZip2Codec;

/** Generated CSV data sets for the data module tests. */
final class CsvFixtures {
    static final String HEADER = "id,x1,x2,x3,label";

    private CsvFixtures() {
    }

    /**
     * Rows {@code id,x1,x2,x3,label} for ids {@code [from, to)}: three well separated Gaussian
     * blobs, the label being the blob. The id is a feature too, so tests can follow each row.
     */
    static List<String> blobs(int from, int to, long seed) {
        Random random = new Random(seed + from);
        List<String> rows = new ArrayList<>();
        for (int id = from; id < to; id++) {
            int label = Math.floorMod(id * 7 + 3, 3);
            rows.add(id + "," + (label * 3 + random.nextGaussian() * 0.5) + "," + (-label * 2 + random.nextGaussian() * 0.5)
                    + "," + (random.nextGaussian()) + "," + label);
        }
        return rows;
    }

    /** Rows {@code x1,x2,y} with {@code y = 2 x1 - x2 + 0.5 + noise}. */
    static List<String> linear(int count, long seed) {
        Random random = new Random(seed);
        List<String> rows = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            double x1 = random.nextGaussian();
            double x2 = random.nextGaussian();
            rows.add(x1 + "," + x2 + "," + (2 * x1 - x2 + 0.5 + random.nextGaussian() * 0.05));
        }
        return rows;
    }

    static Path write(Path file, String header, List<String> rows) {
        StringBuilder text = new StringBuilder();
        if (header != null) {
            text.append(header).append('\n');
        }
        rows.forEach(row -> text.append(row).append('\n'));
        byte[] bytes = text.toString().getBytes(StandardCharsets.UTF_8);
        try {
            Files.createDirectories(file.getParent());
            String name = file.getFileName().toString();
            try (OutputStream out = name.endsWith(".gz") ? new GZIPOutputStream(Files.newOutputStream(file))
                    : name.endsWith(".bz2") ? bzip2(Files.newOutputStream(file))
                    : Files.newOutputStream(file)) {
                out.write(bytes);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }

    private static OutputStream bzip2(OutputStream out) throws IOException {
        BZip2Codec codec = new BZip2Codec();
        codec.setConf(new Configuration());
        return codec.createOutputStream(out);
    }

    /** A Trainer that keeps quiet and writes nothing unless told. */
    static TrainerBuilder quietTrainer() {
        return Trainer.builder().enableProgressBar(false).enableModelSummary(false).enableCheckpointing(false)
                .loggers(List.of()).numSanityValSteps(0).seed(3);
    }

    /** A context whose passes run in this JVM but that asks for {@code parallelism} shards. */
    static DataContext contextWithParallelism(int parallelism) {
        return new StrategyContext(new LocalStrategy(), parallelism);
    }

    /** A context whose passes run on {@code strategy} (Spark jobs for a Spark strategy). */
    static DataContext contextOf(Strategy strategy) {
        return new StrategyContext(strategy, strategy.parallelism());
    }

    /** What the Trainer gives a data module, for tests that drive {@code prepareData} themselves. */
    private record StrategyContext(Strategy strategy, int parallelism) implements DataContext {
        @Override
        public Stage stage() {
            return Stage.FIT;
        }

        @Override
        public long seed() {
            return 42;
        }

        @Override
        public Optional<String> logDir() {
            return Optional.empty();
        }

        @Override
        public boolean distributed() {
            return strategy.isDistributed();
        }

        @Override
        public <R extends Serializable> List<R> mapShards(List<? extends Shard> shards, ShardFunction<R> function) {
            return strategy.mapShards(shards, function);
        }
    }
}
