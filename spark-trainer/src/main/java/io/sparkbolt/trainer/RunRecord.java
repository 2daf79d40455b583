package io.sparkbolt.trainer;

import io.sparkbolt.trainer.api.DataModule;
import io.sparkbolt.trainer.api.LightningModule;
import io.sparkbolt.trainer.loggers.Logger;
import io.sparkbolt.trainer.storage.JsonFiles;
import io.sparkbolt.trainer.storage.Secrets;
import io.sparkbolt.trainer.storage.Storage;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a fit writes about itself into its log directory once its sanity check passed (so a fit
 * that fails its checks leaves nothing written): the data module's state, the hyper-parameters and
 * the resolved config; and where that directory is, said once.
 */
final class RunRecord {
    private RunRecord() {
    }

    /** Writes the record into {@code logDir} (the first logger's; {@code null}: no logger writes files). */
    static void write(List<Logger> loggers, String logDir, LightningModule module, DataModule data, String config) {
        if (logDir != null) {
            System.out.println("Logging to " + logDir);
            saveDataState(data, logDir);
        }
        Map<String, Object> hparams = new LinkedHashMap<>(Secrets.mask(data.hparams().asMap()));
        hparams.putAll(Secrets.mask(module.hparams().asMap()));
        for (Logger logger : loggers) {
            logger.logHyperparams(hparams);
            if (config != null) {
                logger.logConfig(config);
            }
        }
    }

    /**
     * Keeps what the data module learned in {@code prepareData} (normaliser statistics, ...) next to
     * the logs, so a later test or predict run can apply the same transform.
     */
    private static void saveDataState(DataModule data, String logDir) {
        Map<String, Object> state = data.stateDict();
        if (!state.isEmpty()) {
            JsonFiles.write(Storage.resolve(Storage.path(logDir), Trainer.DATA_STATE_FILE), state);
        }
    }
}
