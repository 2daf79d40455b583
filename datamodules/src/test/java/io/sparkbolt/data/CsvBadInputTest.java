package io.sparkbolt.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkbolt.trainer.Trainer;
import io.sparkbolt.trainer.api.SparkboltException;
import io.sparkbolt.trainer.api.Split;
import io.sparkbolt.trainer.models.MlpClassifier;
import io.sparkbolt.trainer.models.MlpRegressor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each kind of bad CSV input: one line naming the file, the line and what is wrong. */
class CsvBadInputTest {
    @TempDir
    Path dir;

    private String prepareFails(CsvDataModuleBuilder builder) {
        SparkboltException error = assertThrows(SparkboltException.class, () -> builder.build().prepareData());
        assertEquals(1, error.getMessage().lines().count(), "one line: " + error.getMessage());
        return error.getMessage();
    }

    /** Ten good rows, then {@code bad} as line 12 (after the header), then two more good rows. */
    private Path withBadRow(String bad) {
        List<String> rows = new ArrayList<>(CsvFixtures.blobs(0, 10, 1));
        rows.add(bad);
        rows.addAll(CsvFixtures.blobs(10, 12, 1));
        return CsvFixtures.write(dir.resolve("bad.csv"), CsvFixtures.HEADER, rows);
    }

    @Test
    void missingPath() {
        String message = prepareFails(CsvDataModule.builder(dir.resolve("nope.csv").toString()).numClasses(3));
        assertTrue(message.contains("path") && message.contains("nope.csv") && message.contains("does not exist"), message);
        message = prepareFails(CsvDataModule.builder(dir + "/nothing-*.csv").numClasses(3));
        assertTrue(message.contains("matches no file"), message);
    }

    @Test
    void emptyDirectory() throws Exception {
        Files.createDirectories(dir.resolve("empty"));
        Files.writeString(dir.resolve("empty/_SUCCESS"), "");
        String message = prepareFails(CsvDataModule.builder(dir.resolve("empty").toString()).numClasses(3));
        assertTrue(message.contains("empty") && message.contains("has no data files"), message);
    }

    @Test
    void rowWithTheWrongNumberOfColumns() {
        Path file = withBadRow("10,1.0,2.0,1");
        String message = prepareFails(CsvDataModule.builder(file.toString()).numClasses(3).skipLines(1));
        assertTrue(message.contains(file.getFileName() + ":12: 4 columns, expected 5"), message);
        assertTrue(message.contains("onBadRow: skip"), "says how to skip such rows: " + message);
    }

    @Test
    void nonNumericField() {
        Path file = withBadRow("10,1.0,abc,0.5,1");
        String message = prepareFails(CsvDataModule.builder(file.toString()).numClasses(3).skipLines(1));
        assertTrue(message.contains(":12: column 3: 'abc' is not a number"), message);
    }

    @Test
    void labelOutsideTheClasses() {
        Path file = withBadRow("10,1.0,2.0,0.5,7");
        String message = prepareFails(CsvDataModule.builder(file.toString()).numClasses(3).skipLines(1));
        assertTrue(message.contains(":12: column 5: label 7 is outside [0, 3)"), message);
    }

    @Test
    void nanOrInfiniteFeature() {
        Path file = withBadRow("10,NaN,2.0,0.5,1");
        String message = prepareFails(CsvDataModule.builder(file.toString()).numClasses(3).skipLines(1));
        assertTrue(message.contains(":12: column 2: feature is NaN, not a finite number"), message);
        Path infinite = withBadRow("10,1.0,Infinity,0.5,1");
        message = prepareFails(CsvDataModule.builder(infinite.toString()).numClasses(3).skipLines(1));
        assertTrue(message.contains("column 3: feature is Infinity"), message);
    }

    @Test
    void emptySplit() {
        Path file = CsvFixtures.write(dir.resolve("small.csv"), null, CsvFixtures.blobs(0, 20, 1));
        String message = prepareFails(CsvDataModule.builder(file.toString()).numClasses(3).valFraction(0.001));
        assertTrue(message.contains("valFraction=0.001 selects no validation rows out of 20"), message);
        message = prepareFails(CsvDataModule.builder(file.toString()).numClasses(3).valFraction(0.6).testFraction(0.39));
        assertTrue(message.contains("no training rows") || message.contains("selects no"), message);
    }

    @Test
    void headerCountedAsDataIsABadRow() {
        Path file = CsvFixtures.write(dir.resolve("header.csv"), CsvFixtures.HEADER, CsvFixtures.blobs(0, 5, 1));
        String message = prepareFails(CsvDataModule.builder(file.toString()).numClasses(3));
        assertTrue(message.contains("header.csv:1: column 1: 'id' is not a number"), message);
    }

    @Test
    void badOptionsFailWhenTheModuleIsBuilt() {
        String path = dir.resolve("x.csv").toString();
        for (CsvDataModuleBuilder builder : List.of(CsvDataModule.builder(path).numClasses(1),
                CsvDataModule.builder(path).valFraction(1.5), CsvDataModule.builder(path).delimiter("ab"),
                CsvDataModule.builder(path).normalize("zscore"), CsvDataModule.builder(path).onBadRow("ignore"),
                CsvDataModule.builder(path).valFraction(0.2).valPath(path))) {
            SparkboltException error = assertThrows(SparkboltException.class, builder::build);
            assertTrue(error.getMessage().startsWith("CsvDataModule: "), error.getMessage());
        }
        Path file = CsvFixtures.write(dir.resolve("three.csv"), null, List.of("1,2,3"));
        String message = prepareFails(CsvDataModule.builder(file.toString()).labelColumn(5));
        assertTrue(message.contains("labelColumn=5 is outside the 3 columns"), message);
    }

    @Test
    void skipLeavesBadRowsOutCountsThemAndTrains() {
        List<String> rows = new ArrayList<>(CsvFixtures.blobs(0, 300, 2));
        rows.add(40, "x,1,2,3,0");
        rows.add(80, "1,2,3");
        rows.add(120, "1,NaN,3,4,1");
        rows.add(160, "1,2,3,4,9");
        Path file = CsvFixtures.write(dir.resolve("dirty.csv"), null, rows);
        CsvDataModule data = CsvDataModule.builder(file.toString()).numClasses(3).valFraction(0.2).onBadRow("skip").build();
        Trainer trainer = CsvFixtures.quietTrainer().maxEpochs(2).build();
        trainer.fit(new MlpClassifier(List.of(8), 0.01), data);
        assertEquals(4, data.skippedRows());
        assertEquals(4L, ((Number) data.stateDict().get("skippedRows")).longValue());
        assertEquals(300, data.rowCounts().get(Split.TRAIN) + data.rowCounts().get(Split.VAL));
    }

    @Test
    void modelAndDataKindsMustAgree() {
        Path file = CsvFixtures.write(dir.resolve("linear.csv"), null, CsvFixtures.linear(50, 1));
        SparkboltException error = assertThrows(SparkboltException.class, () -> CsvFixtures.quietTrainer().maxEpochs(1).build()
                .fit(new MlpClassifier(List.of(4), 0.01), CsvDataModule.builder(file.toString()).build()));
        assertTrue(error.getMessage().contains("use MlpRegressor"), error.getMessage());
        Path blobs = CsvFixtures.write(dir.resolve("blobs.csv"), null, CsvFixtures.blobs(0, 50, 1));
        error = assertThrows(SparkboltException.class, () -> CsvFixtures.quietTrainer().maxEpochs(1).build()
                .fit(new MlpRegressor(List.of(4), 0.01), CsvDataModule.builder(blobs.toString()).numClasses(3).build()));
        assertTrue(error.getMessage().contains("use MlpClassifier"), error.getMessage());
    }
}
