package io.sparkbolt.trainer.loggers;

import com.google.protobuf.ByteString;
import com.google.protobuf.Value;
import io.sparkbolt.trainer.api.Arg;
import io.sparkbolt.trainer.api.ArgDefaults;
import io.sparkbolt.trainer.loggers.tensorboard.DataType;
import io.sparkbolt.trainer.loggers.tensorboard.Event;
import io.sparkbolt.trainer.loggers.tensorboard.EventFileWriter;
import io.sparkbolt.trainer.loggers.tensorboard.HParamsPluginData;
import io.sparkbolt.trainer.loggers.tensorboard.SessionEndInfo;
import io.sparkbolt.trainer.loggers.tensorboard.SessionLog;
import io.sparkbolt.trainer.loggers.tensorboard.SessionStartInfo;
import io.sparkbolt.trainer.loggers.tensorboard.Status;
import io.sparkbolt.trainer.loggers.tensorboard.Summary;
import io.sparkbolt.trainer.loggers.tensorboard.SummaryMetadata;
import io.sparkbolt.trainer.loggers.tensorboard.TensorProto;
import io.sparkbolt.trainer.loggers.tensorboard.TensorShapeProto;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Lightning's TensorBoard logger: real event files in {@code <root>/<name>/version_N} (TFRecord
 * framing with masked CRC32C, TensorFlow's {@code Event}/{@code Summary} protobufs), with every
 * logged metric as a scalar at its step, the hyper-parameters for the HParams dashboard (and
 * {@code hparams.yaml}), and the resolved config as a text summary. Point TensorBoard at the root:
 * {@code tensorboard --logdir <root>}. A fit resumed from a checkpoint continues the version in a
 * new event file that starts with a session-start marker, so TensorBoard drops what the
 * interrupted run logged after the checkpoint.
 *
 * <pre>{@code loggers: [{class: TensorBoardLogger, args: {saveDir: tb_logs}}]}</pre>
 */
public final class TensorBoardLogger implements Logger {
    private static final ArgDefaults DEFAULTS = ArgDefaults.of(TensorBoardLogger.class);

    private static final String HPARAMS_PLUGIN = "hparams";
    private static final String TEXT_PLUGIN = "text";

    private final LogVersion version;
    private EventFileWriter writer;
    private long resumeStep = -1;
    private long lastStep;

    /** Logs under {@code <root>/sparkbolt_logs/version_N}. */
    public TensorBoardLogger(String root) {
        this(root, DEFAULTS.get("name"), null);
    }

    /**
     * @param root    the root directory (path or Hadoop URI); {@code null}: the Trainer's {@code defaultRootDir}
     * @param name    the experiment name
     * @param version a fixed version, or {@code null} for the next free one
     */
    public TensorBoardLogger(String root, String name, Integer version) {
        this.version = new LogVersion(root, name, version);
    }

    /** The form configs use: {@code {class: TensorBoardLogger, args: {saveDir: tb_logs}}}; version -1 picks the next free one. */
    public TensorBoardLogger(@Arg(value = "saveDir", defaultValue = "''", description = "root directory (path or Hadoop URI); empty: the trainer's defaultRootDir") String saveDir,
                             @Arg(value = "name", defaultValue = "sparkbolt_logs", description = "experiment name") String name,
                             @Arg(value = "version", defaultValue = "-1", description = "fixed version number; -1: next free") int version) {
        this(saveDir, name, version < 0 ? null : version);
    }

    private EventFileWriter writer() {
        if (writer == null) {
            writer = EventFileWriter.open(version.dir());
            if (resumeStep >= 0) {
                // TensorBoard drops earlier events at steps >= this one: what the interrupted run logged after the checkpoint.
                writer.write(Event.newBuilder().setWallTime(EventFileWriter.now()).setStep(resumeStep + 1)
                        .setSessionLog(SessionLog.newBuilder().setStatus(SessionLog.SessionStatus.START)).build());
            }
        }
        return writer;
    }

    @Override
    public void useDefaultRootDir(String root) {
        version.useRootIfUnset(root);
    }

    @Override
    public String name() {
        return version.name();
    }

    @Override
    public int version() {
        return version.number();
    }

    @Override
    public String logDir() {
        return version.dir().toString();
    }

    @Override
    public java.util.Optional<Integer> fixedVersion() {
        return version.requested();
    }

    @Override
    public String experimentDir() {
        return version.experiment().toString();
    }

    @Override
    public Map<String, Object> state() {
        return Map.of("lastStep", lastStep);
    }

    @Override
    public void resume(Map<String, Object> saved) {
        if (version.resume(saved) && saved.get("globalStep") instanceof Number step) {
            resumeStep = step.longValue();
        }
    }

    @Override
    public void logHyperparams(Map<String, Object> hparams) {
        HparamsFile.write(version.dir(), hparams);
        SessionStartInfo.Builder start = SessionStartInfo.newBuilder().setStartTimeSecs(EventFileWriter.now());
        hparams.forEach((key, value) -> start.putHparams(key, protoValue(value)));
        writeHparams(HParamsPluginData.newBuilder().setVersion(0).setSessionStartInfo(start).build(),
                "_hparams_/session_start_info");
    }

    /** Numbers, booleans and strings as themselves; lists and other values as their text (the dashboard shows scalars only). */
    private static Value protoValue(Object value) {
        if (value instanceof Number number) {
            return Value.newBuilder().setNumberValue(number.doubleValue()).build();
        }
        if (value instanceof Boolean bool) {
            return Value.newBuilder().setBoolValue(bool).build();
        }
        return Value.newBuilder().setStringValue(String.valueOf(value)).build();
    }

    private void writeHparams(HParamsPluginData data, String tag) {
        SummaryMetadata metadata = SummaryMetadata.newBuilder().setPluginData(SummaryMetadata.PluginData.newBuilder()
                .setPluginName(HPARAMS_PLUGIN).setContent(data.toByteString())).build();
        write(lastStep, Summary.newBuilder().addValue(Summary.Value.newBuilder().setTag(tag).setMetadata(metadata)).build());
    }

    @Override
    public void logConfig(String yaml) {
        // The text dashboard renders markdown: a fenced block keeps the YAML's indentation.
        TensorProto text = TensorProto.newBuilder().setDtype(DataType.DT_STRING)
                .setTensorShape(TensorShapeProto.newBuilder().addDim(TensorShapeProto.Dim.newBuilder().setSize(1)))
                .addStringVal(ByteString.copyFrom("```yaml\n" + yaml + "\n```", StandardCharsets.UTF_8)).build();
        SummaryMetadata metadata = SummaryMetadata.newBuilder()
                .setPluginData(SummaryMetadata.PluginData.newBuilder().setPluginName(TEXT_PLUGIN)).build();
        write(lastStep, Summary.newBuilder().addValue(Summary.Value.newBuilder().setTag("config").setMetadata(metadata)
                .setTensor(text)).build());
    }

    @Override
    public void logMetrics(Map<String, Double> metrics, long step) {
        Summary.Builder summary = Summary.newBuilder();
        metrics.forEach((name, value) -> summary.addValue(Summary.Value.newBuilder().setTag(name).setSimpleValue(value.floatValue())));
        write(step, summary.build());
        lastStep = step;
    }

    private void write(long step, Summary summary) {
        writer().write(Event.newBuilder().setWallTime(EventFileWriter.now()).setStep(step).setSummary(summary).build());
    }

    @Override
    public void save() {
        if (writer != null) {
            writer.flush();
        }
    }

    @Override
    public void finish(String status) {
        Status end = switch (status) {
            case "success" -> Status.STATUS_SUCCESS;
            case "failed" -> Status.STATUS_FAILURE;
            default -> Status.STATUS_UNKNOWN;
        };
        writeHparams(HParamsPluginData.newBuilder().setVersion(0).setSessionEndInfo(SessionEndInfo.newBuilder()
                .setStatus(end).setEndTimeSecs(EventFileWriter.now())).build(), "_hparams_/session_end_info");
        writer.close();
        writer = null;
    }
}
