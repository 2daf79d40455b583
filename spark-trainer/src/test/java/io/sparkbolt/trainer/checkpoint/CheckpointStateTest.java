package io.sparkbolt.trainer.checkpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.sparkbolt.trainer.api.SparkboltException;
import io.sparkbolt.trainer.storage.JsonFiles;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The typed checkpoint state reads and writes format 1's JSON as the untyped maps before it did. */
class CheckpointStateTest {
    /** A mid-epoch state as format 1 wrote it: a pending validation, a NaN metric, a logger's own entry. */
    private static final String FORMAT_1_MID_EPOCH = """
            {"format": 1, "savedAt": 1700000000000, "weightsOnly": false, "epoch": 2, "globalStep": 37,
             "progress": {"epoch": 2, "globalStep": 37, "batchInEpoch": 5, "totalBatches": 37, "examplesSeen": 1184,
                          "epochEnded": false, "validationPending": true, "epochDone": false,
                          "epochMetrics": {"step": {}, "epoch": {}, "progressBar": [], "hiddenFromLoggers": []},
                          "roundInEpoch": 2},
             "stop": {"requested": true, "reason": "EarlyStopping: val_loss did not improve"},
             "elapsedSeconds": 12.5, "seed": 7,
             "rng": {"seed": 7, "derivation": "splitmix64"},
             "strategy": {"name": "parameter-averaging", "deterministic": true},
             "module": "com.example.Model", "hparams": {"hidden": [8, 4], "lr": 0.01},
             "data": {"module": "com.example.Data", "hparams": {}, "trainShards": 4, "trainShardsSha256": "ab12"},
             "datamodule": {"mean": [0.5]},
             "callbacks": {"ModelCheckpoint": {"bestModelPath": "/tmp/best.ckpt", "bestModelScore": "NaN"}},
             "callbackMetrics": {"val_loss": "NaN", "train_loss": 0.25, "val_acc": "-Infinity"},
             "loggers": [{"class": "io.sparkbolt.trainer.loggers.CsvLogger", "name": "sparkbolt_logs", "version": 3,
                          "logDir": "/tmp/logs/version_3", "globalStep": 37, "rows": 12}],
             "config": null, "provenance": {"sparkbolt": "0.1.0"}}
            """;

    @Test
    void aFormat1StateReadsIntoRecordsAndWritesBackTheSameJson() throws Exception {
        byte[] json = FORMAT_1_MID_EPOCH.getBytes(StandardCharsets.UTF_8);
        CheckpointState state = JsonFiles.parse(json, CheckpointState.class, "state");
        assertEquals(37, state.globalStep());
        assertEquals(5, state.progress().batchInEpoch());
        assertEquals(Boolean.TRUE, state.progress().validationPending());
        assertEquals(2, state.progress().nextEpoch(), "inside an epoch: a resume carries on in it");
        assertTrue(state.stop().requested());
        assertTrue(Double.isNaN(state.callbackMetrics().get("val_loss")), "NaN is kept through JSON");
        assertEquals(Double.NEGATIVE_INFINITY, state.callbackMetrics().get("val_acc"));
        assertEquals("/tmp/best.ckpt", state.callback("ModelCheckpoint").get("bestModelPath"));
        CheckpointState.LoggerState logger = state.loggers().get(0);
        assertEquals(3, logger.version());
        assertEquals(Map.of("rows", 12), logger.own());
        assertEquals(12, logger.asMap().get("rows"), "a logger resumes from its entries and the common ones");
        assertEquals("/tmp/logs/version_3", logger.asMap().get("logDir"));

        ObjectMapper plain = new ObjectMapper();
        assertEquals(plain.readTree(json), plain.readTree(JsonFiles.bytes(state)), "written back, the JSON is the same");
    }

    @Test
    void anEpochEndStateLeavesOutWhatOnlyAMidEpochResumeNeeds() {
        CheckpointState.Loops loops = new CheckpointState.Loops(4, 80, 20, 80, 2560, true, null, null, null, 0);
        String json = new String(JsonFiles.bytes(loops), StandardCharsets.UTF_8);
        assertTrue(!json.contains("validationPending") && !json.contains("epochMetrics"), json);
        assertEquals(5, loops.nextEpoch(), "at an epoch's end: a resume starts the next one");
        CheckpointState read = JsonFiles.parse(("{\"format\": 1, \"progress\": " + json + "}").getBytes(StandardCharsets.UTF_8),
                CheckpointState.class, "state");
        assertNull(read.progress().epochMetrics());
        assertEquals(Map.of(), read.callback("ModelCheckpoint"), "a part a state lacks reads as empty");
    }

    @Test
    void aCapturedStateIsASnapshot() {
        Map<String, Object> callbackState = new HashMap<>(Map.of("best", List.of(1, 2)));
        CheckpointState state = new CheckpointState(1, 0, false, 0, 0, null, null, 0, 0, null, null, null, Map.of(), null, Map.of(),
                Map.of("cb", callbackState), Map.of(), List.of(), null, Map.of());
        callbackState.put("best", List.of(3));
        assertEquals(List.of(1, 2), state.callback("cb").get("best"), "a change after the capture does not reach the state");
        assertThrows(UnsupportedOperationException.class, () -> state.callback("cb").put("x", 1));
    }

    @Test
    void aStateOfTheWrongShapeFailsWithOneLineNamingTheKey() {
        byte[] json = "{\"format\": 1, \"progress\": {\"epoch\": \"two\"}}".getBytes(StandardCharsets.UTF_8);
        SparkboltException error = assertThrows(SparkboltException.class, () -> JsonFiles.parse(json, CheckpointState.class, "x.ckpt!state"));
        assertTrue(error.getMessage().startsWith("x.ckpt!state is not a valid CheckpointState at progress.epoch: "), error.getMessage());
        assertEquals(1, error.getMessage().lines().count(), error.getMessage());
    }
}
