/**
 * Ready DataModules over any Hadoop file system.
 *
 * <ul>
 *   <li>{@link io.sparkbolt.data.MnistDataModule}: the four MNIST idx gzip files, downloaded and
 *       verified when missing, with a seeded validation hold-out.</li>
 *   <li>{@link io.sparkbolt.data.CsvDataModule}: numeric CSV files, directories or globs, plain or
 *       compressed, cut into byte-range shards (compressed files cut into plain parts when they give
 *       fewer pieces than workers); one data pass (a Spark job under a Spark strategy) checks the
 *       rows, counts the splits and fits the normaliser, so no data reaches the driver.</li>
 *   <li>{@link io.sparkbolt.data.DataFrameDataModule}: a Spark SQL frame (table, path, or built in
 *       Java). A plain Parquet or ORC scan is read in place, row groups or stripes as shards, with
 *       parquet-hadoop or orc-core; any other frame is staged once as Parquet under a fingerprint of
 *       its plan and data.</li>
 * </ul>
 *
 * Bad rows follow a {@link io.sparkbolt.data.BadRowPolicy}: fail with the file and line, or skip
 * and count.
 */
package io.sparkbolt.data;
