package io.sparkbolt.trainer.api;

import java.io.Serializable;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Where the data comes from, as Lightning's {@code LightningDataModule}, shaped for a cluster.
 *
 * <ul>
 *   <li>{@link #prepareData()} runs once, on the driver, before anything else: download,
 *       convert, write shards to shared storage. It must not keep the data set in memory.</li>
 *   <li>{@link #setup(Stage)} runs once per JVM per stage where data is read (each executor, or
 *       the single JVM of the local strategy): open files, load what the JVM keeps.</li>
 *   <li>{@link #shards(Split)} describes a split as small serialisable {@link Shard}s; it runs on
 *       the driver and reads metadata only.</li>
 *   <li>{@link #open(Shard, ShardRead)} reads one shard as batches, where the data is used.</li>
 * </ul>
 *
 * The instance is serialised to executors, so fields loaded in {@code setup} should be
 * {@code transient}.
 */
public abstract class DataModule implements Serializable {
    private static final long serialVersionUID = 1L;

    private HyperParameters hparams = HyperParameters.empty();
    private transient DataContext context;

    /** Once, on the driver, before {@link #setup(Stage)} anywhere. Default: nothing to prepare. */
    public void prepareData() {
    }

    /** Once per JVM per stage, before shards are opened there. Default: nothing. */
    public void setup(Stage stage) {
    }

    /** After the stage, in each JVM that ran {@link #setup(Stage)}. Default: nothing. */
    public void teardown(Stage stage) {
    }

    /** Examples per batch. */
    public abstract int batchSize();

    /**
     * The shards of a split, in their natural order; empty when the module has no such split.
     * Runs on the driver: describe the data, do not load it.
     */
    public abstract List<? extends Shard> shards(Split split);

    /** Reads one shard as batches, in the order {@code read} fixes. Runs where the data is used. */
    public abstract Iterator<Batch> open(Shard shard, ShardRead read);

    /** Input width and number of outputs, when the module knows them; built-in models size themselves from it. */
    public Optional<DataShape> shape() {
        return Optional.empty();
    }

    /**
     * What this module learned from the data in {@link #prepareData()} and must keep for later
     * runs (normaliser statistics, vocabularies), as plain JSON values. The Trainer saves it next
     * to the logs and in every checkpoint. Default: nothing.
     */
    public Map<String, Object> stateDict() {
        return Map.of();
    }

    /**
     * Restores what {@link #stateDict()} returned, before {@link #prepareData()}; a module that has
     * its state then need not learn it again (a {@code test} run applies the statistics the
     * {@code fit} run computed). Default: nothing.
     */
    public void loadStateDict(Map<String, Object> state) {
    }

    /** Called by the Trainer before {@link #prepareData()}; returns the previous context. */
    public final DataContext attach(DataContext newContext) {
        DataContext previous = context;
        context = newContext;
        return previous;
    }

    /**
     * The Trainer's context for this run; outside a Trainer, a stand-alone one (fit stage, seed
     * 42) whose passes run in this JVM.
     */
    protected final DataContext context() {
        return context != null ? context : DataContext.standalone(Stage.FIT, 42);
    }

    /** The constructor arguments this module was created with (see {@link #saveHyperparameters(Object...)}). */
    public final HyperParameters hparams() {
        return hparams;
    }

    /**
     * Records the constructor arguments, in the order of the constructor whose parameters carry
     * {@link Arg}; call it from that constructor.
     */
    protected final void saveHyperparameters(Object... values) {
        this.hparams = HyperParameters.capture(getClass(), values);
    }
}
