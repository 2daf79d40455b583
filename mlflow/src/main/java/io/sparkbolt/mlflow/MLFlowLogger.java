package io.sparkbolt.mlflow;

import io.sparkbolt.trainer.api.Arg;
import io.sparkbolt.trainer.api.SparkboltException;
import io.sparkbolt.trainer.loggers.Logger;
import io.sparkbolt.trainer.storage.Storage;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.mlflow.api.proto.Service.CreateRun;
import org.mlflow.api.proto.Service.Metric;
import org.mlflow.api.proto.Service.Param;
import org.mlflow.api.proto.Service.RunInfo;
import org.mlflow.api.proto.Service.RunStatus;
import org.mlflow.api.proto.Service.RunTag;
import org.mlflow.tracking.MlflowClient;
import org.mlflow.tracking.MlflowClientException;

/**
 * Lightning's {@code MLFlowLogger}: one MLflow run per fit, in experiment {@code experimentName}
 * of the tracking server at {@code trackingUri} ({@code http://host:5000}, {@code databricks}, or
 * {@code ''} for {@code MLFLOW_TRACKING_URI}), through MLflow's Java client. The hyper-parameters become
 * the run's parameters (nested ones as dotted keys), every logged metric its history at its step
 * (sent in batches), the tags {@code sparkbolt.version}, {@code sparkbolt.strategy} and {@code
 * sparkbolt.seed} plus {@code tags}, the resolved config the artifact {@code config.yaml}, and
 * with {@code logModel} the best and the last checkpoint the artifacts {@code checkpoints/...} when
 * the fit ends well. A fit resumed from a checkpoint continues the same run. Driver only.
 *
 * <pre>{@code loggers: [{class: MLFlowLogger, args: {trackingUri: "http://127.0.0.1:5000", experimentName: mnist, logModel: true}}]}</pre>
 */
public final class MLFlowLogger implements Logger {
    /** MLflow's limits on one {@code log-batch} request. */
    private static final int METRICS_PER_BATCH = 1000;
    private static final int PARAMS_PER_BATCH = 100;

    private final String trackingUri;
    private final String experimentName;
    private final String runName;
    private final Map<String, String> tags;
    private final boolean logModel;
    private final List<Metric> pending = new ArrayList<>();
    private MlflowClient client;
    private ArtifactUpload artifacts;
    private String resumedRunId;
    private String runId;
    private String artifactUri;
    private String latestCheckpoint;
    private String bestCheckpoint;

    /**
     * @param trackingUri    the tracking server: {@code http(s)://...}, {@code databricks}, or empty for {@code MLFLOW_TRACKING_URI}
     * @param experimentName the experiment (created when missing)
     * @param runName        the run's name; empty: MLflow picks one
     * @param tags           more tags for the run
     * @param logModel       upload the best and last checkpoints as artifacts when the fit ends well
     */
    public MLFlowLogger(
            @Arg(value = "trackingUri", description = "tracking server URI (http://..., databricks); '' for MLFLOW_TRACKING_URI") String trackingUri,
            @Arg(value = "experimentName", defaultValue = "sparkbolt_logs", description = "MLflow experiment (created when missing)") String experimentName,
            @Arg(value = "runName", defaultValue = "''", description = "the run's name; empty: MLflow picks one") String runName,
            @Arg(value = "tags", defaultValue = "{}", description = "more tags for the run") Map<String, String> tags,
            @Arg(value = "logModel", defaultValue = "false", description = "upload the best and last checkpoints as artifacts at the end") boolean logModel) {
        if (experimentName == null || experimentName.isBlank()) {
            throw new SparkboltException("MLFlowLogger: experimentName must name an experiment");
        }
        this.trackingUri = trackingUri == null || trackingUri.isBlank() ? System.getenv("MLFLOW_TRACKING_URI") : trackingUri;
        this.experimentName = experimentName;
        this.runName = runName == null ? "" : runName;
        this.tags = tags == null ? Map.of() : new LinkedHashMap<>(tags);
        this.logModel = logModel;
        if (this.trackingUri == null || this.trackingUri.isBlank()) {
            throw new SparkboltException("MLFlowLogger: no trackingUri given and MLFLOW_TRACKING_URI is not set");
        }
    }

    @Override
    public String name() {
        return experimentName;
    }

    @Override
    public int version() {
        return 0;
    }

    @Override
    public String logDir() {
        return null;
    }

    /** The MLflow run's id, once it has been created (or resumed). */
    public String runId() {
        return runId;
    }

    @Override
    public void resume(Map<String, Object> saved) {
        if (saved.get("runId") instanceof String id && !id.isEmpty()) {
            resumedRunId = id;
        }
    }

    @Override
    public Map<String, Object> state() {
        return runId == null ? Map.of() : Map.of("runId", runId);
    }

    @Override
    public void logHyperparams(Map<String, Object> hparams) {
        String run = run();
        List<Param> params = new ArrayList<>();
        RunParams.flatten(hparams).forEach((key, value) -> params.add(Param.newBuilder().setKey(key).setValue(value).build()));
        for (int from = 0; from < params.size(); from += PARAMS_PER_BATCH) {
            List<Param> batch = params.subList(from, Math.min(params.size(), from + PARAMS_PER_BATCH));
            call("log the hyper-parameters", () -> client.logBatch(run, List.of(), batch, List.of()));
        }
    }

    @Override
    public void logConfig(String yaml) {
        String run = run();
        setTags(RunTags.ofConfig(yaml));
        artifacts.uploadText(run, artifactUri, "config.yaml", yaml);
    }

    @Override
    public void logMetrics(Map<String, Double> metrics, long step) {
        run();
        long now = System.currentTimeMillis();
        metrics.forEach((key, value) -> pending.add(Metric.newBuilder().setKey(key).setValue(value).setTimestamp(now).setStep(step).build()));
        if (pending.size() >= METRICS_PER_BATCH) {
            flush();
        }
    }

    @Override
    public void afterSaveCheckpoint(String latestPath, String bestPath) {
        latestCheckpoint = latestPath;
        bestCheckpoint = bestPath == null || bestPath.isEmpty() ? null : bestPath;
    }

    @Override
    public void save() {
        flush();
    }

    @Override
    public void finish(String status) {
        if (runId == null) {
            return; // nothing was logged
        }
        flush();
        if (logModel && "success".equals(status)) {
            uploadCheckpoint(bestCheckpoint);
            if (latestCheckpoint != null && !latestCheckpoint.equals(bestCheckpoint)) {
                uploadCheckpoint(latestCheckpoint);
            }
        }
        RunStatus end = switch (status) {
            case "success" -> RunStatus.FINISHED;
            case "interrupted" -> RunStatus.KILLED;
            default -> RunStatus.FAILED;
        };
        call("end the run", () -> client.setTerminated(runId, end));
    }

    private void uploadCheckpoint(String path) {
        if (path != null) {
            org.apache.hadoop.fs.Path file = Storage.path(path);
            artifacts.upload(runId, artifactUri, "checkpoints/" + file.getName(), file);
        }
    }

    private void flush() {
        if (runId == null || pending.isEmpty()) {
            return;
        }
        for (int from = 0; from < pending.size(); from += METRICS_PER_BATCH) {
            List<Metric> batch = List.copyOf(pending.subList(from, Math.min(pending.size(), from + METRICS_PER_BATCH)));
            call("log metrics", () -> client.logBatch(runId, batch, List.of(), List.of()));
        }
        pending.clear();
    }

    private void setTags(Map<String, String> values) {
        if (values.isEmpty()) {
            return;
        }
        List<RunTag> runTags = new ArrayList<>();
        values.forEach((key, value) -> runTags.add(RunTag.newBuilder().setKey(key).setValue(value).build()));
        call("tag the run", () -> client.logBatch(runId, List.of(), List.of(), runTags));
    }

    /** The run, created (or, after {@link #resume}, found again) on first use. */
    private String run() {
        if (runId != null) {
            return runId;
        }
        client = new MlflowClient(trackingUri);
        artifacts = new ArtifactUpload(client, trackingUri);
        RunInfo info = call("start a run in experiment '" + experimentName + "'", () -> {
            if (resumedRunId != null) {
                return client.getRun(resumedRunId).getInfo();
            }
            String experimentId = client.getExperimentByName(experimentName).map(e -> e.getExperimentId())
                    .orElseGet(() -> client.createExperiment(experimentName));
            CreateRun.Builder create = CreateRun.newBuilder().setExperimentId(experimentId).setStartTime(System.currentTimeMillis());
            if (!runName.isEmpty()) {
                create.setRunName(runName);
            }
            return client.createRun(create.build());
        });
        runId = info.getRunId();
        artifactUri = info.getArtifactUri();
        Map<String, String> all = new LinkedHashMap<>(RunTags.version());
        all.putAll(tags);
        setTags(all);
        return runId;
    }

    private <T> T call(String what, java.util.function.Supplier<T> request) {
        try {
            return request.get();
        } catch (MlflowClientException e) {
            throw new SparkboltException("MLFlowLogger: cannot " + what + " at " + trackingUri + ": " + firstLine(e.getMessage()), e);
        }
    }

    private void call(String what, Runnable request) {
        call(what, () -> {
            request.run();
            return null;
        });
    }

    private static String firstLine(String message) {
        String text = String.valueOf(message);
        int newline = text.indexOf('\n');
        return newline < 0 ? text : text.substring(0, newline);
    }
}
