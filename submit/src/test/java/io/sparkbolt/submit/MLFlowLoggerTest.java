package io.sparkbolt.submit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mlflow.api.proto.Service;
import org.mlflow.tracking.MlflowClient;

/**
 * {@code MLFlowLogger} from a config, beside the CSV logger, checked through MLflow's REST API with
 * its Java client: the run's parameters, tags, every metric's history equal to metrics.csv (steps
 * and values), the config and checkpoints as artifacts, and a resumed fit continuing the same run.
 * The server is {@link TrackingServerStandIn} (no MLflow server can be installed here).
 */
class MLFlowLoggerTest {
    @TempDir
    static Path dir;
    private static TrackingServerStandIn server;

    @BeforeAll
    static void start() throws Exception {
        server = new TrackingServerStandIn();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private CliRun fit(int epochs, String... more) {
        List<String> args = new ArrayList<>(List.of("fit", "--config", "../conf/csv-regression.yaml", "--data.args.path=../data/csv/linear.csv",
                "--trainer.maxEpochs=" + epochs, "--trainer.enableProgressBar=false", "--trainer.defaultRootDir=" + dir.resolve("run"),
                "--trainer.loggers=[{class: CsvLogger}, {class: MLFlowLogger, args: {trackingUri: \"" + server.uri()
                        + "\", experimentName: linear, runName: first, tags: {team: ml}, logModel: true}}]"));
        args.addAll(List.of(more));
        return CliRun.of(args.toArray(String[]::new));
    }

    @Test
    void aFitIsOneRunWithItsParamsTagsMetricsAndArtifactsAndAResumeContinuesIt() throws Exception {
        CliRun first = fit(2);
        assertEquals(0, first.status(), first.err());
        MlflowClient client = new MlflowClient(server.uri());
        String experiment = client.getExperimentByName("linear").orElseThrow().getExperimentId();
        List<Service.RunInfo> runs = client.searchRuns(List.of(experiment), "");
        assertEquals(1, runs.size());
        String runId = runs.get(0).getRunId();
        checkAgainstMetricsCsv(client, runId);

        Service.Run run = client.getRun(runId);
        Map<String, String> params = run.getData().getParamsList().stream().collect(Collectors.toMap(Service.Param::getKey, Service.Param::getValue));
        assertEquals("0.005", params.get("lr"), "the module's hyper-parameters: " + params);
        assertEquals("[32, 16]", params.get("hidden"), params.toString());
        Map<String, String> tags = run.getData().getTagsList().stream().collect(Collectors.toMap(Service.RunTag::getKey, Service.RunTag::getValue));
        assertEquals("local", tags.get("sparkbolt.strategy"), tags.toString());
        assertEquals("42", tags.get("sparkbolt.seed"), tags.toString());
        assertEquals("ml", tags.get("team"), tags.toString());
        assertTrue(tags.containsKey("sparkbolt.version"), tags.toString());
        assertEquals("FINISHED", run.getInfo().getStatus().name());

        String prefix = experiment + "/" + runId + "/artifacts/";
        Map<String, byte[]> artifacts = server.artifacts();
        String config = new String(artifacts.get(prefix + "config.yaml"), StandardCharsets.UTF_8);
        assertTrue(config.contains("MLFlowLogger") && config.contains("MlpRegressor"), config);
        assertTrue(artifacts.keySet().stream().anyMatch(k -> k.startsWith(prefix + "checkpoints/") && k.endsWith(".ckpt")),
                "logModel: the checkpoint as an artifact: " + artifacts.keySet());

        CliRun resumed = fit(3, "--ckptPath", "last");
        assertEquals(0, resumed.status(), resumed.err());
        assertEquals(1, client.searchRuns(List.of(experiment), "").size(), "the resumed fit continued the same run");
        checkAgainstMetricsCsv(client, runId);
        assertEquals(3, client.getMetricHistory(runId, "val_loss").size(), "three epochs of val_loss in the one run");
    }

    /** Every metric column of metrics.csv equals the run's history of that metric: the same steps, the same values. */
    private static void checkAgainstMetricsCsv(MlflowClient client, String runId) throws Exception {
        List<String> lines = Files.readAllLines(dir.resolve("run/sparkbolt_logs/version_0/metrics.csv"));
        String[] header = lines.get(0).split(",", -1);
        int stepColumn = List.of(header).indexOf("step");
        for (int column = 0; column < header.length; column++) {
            if (column == stepColumn) {
                continue;
            }
            Map<Long, Double> expected = new TreeMap<>();
            for (String line : lines.subList(1, lines.size())) {
                String[] cells = line.split(",", -1);
                if (!cells[column].isEmpty()) {
                    expected.put(Long.parseLong(cells[stepColumn]), Double.parseDouble(cells[column]));
                }
            }
            Map<Long, Double> history = new TreeMap<>();
            for (Service.Metric point : client.getMetricHistory(runId, header[column])) {
                assertFalse(history.containsKey(point.getStep()) && !header[column].equals("epoch"),
                        header[column] + " logged twice at step " + point.getStep());
                history.put(point.getStep(), point.getValue());
            }
            assertEquals(expected, history, header[column] + ": MLflow's history against metrics.csv");
        }
    }
}
