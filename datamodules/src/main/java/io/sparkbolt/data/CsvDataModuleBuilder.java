package io.sparkbolt.data;

/** Builds a {@link CsvDataModule} from Java; every option starts at the same default as in YAML. */
public final class CsvDataModuleBuilder {
    private final String path;
    private String valPath = "";
    private String testPath = "";
    private int labelColumn = -1;
    private int idColumn = -1;
    private int numClasses;
    private int numTargets = 1;
    private int skipLines;
    private String delimiter = ",";
    private double valFraction;
    private double testFraction;
    private int batchSize = 64;
    private String normalize = "standardize";
    private boolean shuffle = true;
    private String onBadRow = "fail";
    private long seed = 42;
    private int shardSizeMB = 64;
    private String statePath = "";
    private String stagingDir = "";

    CsvDataModuleBuilder(String path) {
        this.path = path;
    }

    /** Separate validation data. */
    public CsvDataModuleBuilder valPath(String value) {
        this.valPath = value;
        return this;
    }

    /** Separate test data. */
    public CsvDataModuleBuilder testPath(String value) {
        this.testPath = value;
        return this;
    }

    /** Label (or first target) column; negative counts from the end. Default -1 (last). */
    public CsvDataModuleBuilder labelColumn(int value) {
        this.labelColumn = value;
        return this;
    }

    /** Classes of the label; 0 (the default) means regression. */
    public CsvDataModuleBuilder numClasses(int value) {
        this.numClasses = value;
        return this;
    }

    /** Regression target columns starting at the label column. Default 1. */
    public CsvDataModuleBuilder numTargets(int value) {
        this.numTargets = value;
        return this;
    }

    /** Header lines at the start of every file. Default 0. */
    public CsvDataModuleBuilder skipLines(int value) {
        this.skipLines = value;
        return this;
    }

    /** Field separator: one character or {@code tab}. Default {@code ,}. */
    public CsvDataModuleBuilder delimiter(String value) {
        this.delimiter = value;
        return this;
    }

    /** Share of rows held out for validation. Default 0. */
    public CsvDataModuleBuilder valFraction(double value) {
        this.valFraction = value;
        return this;
    }

    /** Share of rows held out for test. Default 0. */
    public CsvDataModuleBuilder testFraction(double value) {
        this.testFraction = value;
        return this;
    }

    /** Examples per batch. Default 64. */
    public CsvDataModuleBuilder batchSize(int value) {
        this.batchSize = value;
        return this;
    }

    /** {@code standardize} (default), {@code minmax} or {@code none}. */
    public CsvDataModuleBuilder normalize(String value) {
        this.normalize = value;
        return this;
    }

    /** Reshuffle training rows within shards every epoch. Default true. */
    public CsvDataModuleBuilder shuffle(boolean value) {
        this.shuffle = value;
        return this;
    }

    /** {@code fail} (default) or {@code skip}. */
    public CsvDataModuleBuilder onBadRow(String value) {
        this.onBadRow = value;
        return this;
    }

    /** Seed of the row split. Default 42. */
    public CsvDataModuleBuilder seed(long value) {
        this.seed = value;
        return this;
    }

    /** Largest byte range of a plain file one shard reads. Default 64. */
    public CsvDataModuleBuilder shardSizeMB(int value) {
        this.shardSizeMB = value;
        return this;
    }

    /** Saved statistics to apply instead of fitting them. */
    public CsvDataModuleBuilder statePath(String value) {
        this.statePath = value;
        return this;
    }

    /** Where compressed files are cut into plain parts when they give fewer pieces than workers. Default: {@code .sparkbolt/staging} in the default file system's home. */
    public CsvDataModuleBuilder stagingDir(String value) {
        this.stagingDir = value;
        return this;
    }

    /** A column holding each row's id (not a feature): written predictions are keyed by it. */
    public CsvDataModuleBuilder idColumn(int value) {
        this.idColumn = value;
        return this;
    }

    /** The data module; bad options fail here with one line. */
    public CsvDataModule build() {
        return new CsvDataModule(path, valPath, testPath, labelColumn, numClasses, numTargets, skipLines, delimiter,
                valFraction, testFraction, batchSize, normalize, shuffle, onBadRow, seed, shardSizeMB, statePath, stagingDir, idColumn);
    }
}
