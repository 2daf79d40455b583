package io.sparkbolt.data;

import io.sparkbolt.trainer.spark.ScalaInterop;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.catalyst.expressions.AttributeReference;
import org.apache.spark.sql.catalyst.plans.logical.LogicalPlan;
import org.apache.spark.sql.catalyst.plans.logical.Project;
import org.apache.spark.sql.execution.datasources.HadoopFsRelation;
import org.apache.spark.sql.execution.datasources.LogicalRelation;
import org.apache.spark.sql.execution.datasources.orc.OrcFileFormat;
import org.apache.spark.sql.execution.datasources.parquet.ParquetFileFormat;

/**
 * Whether a frame is a plain scan of Parquet or ORC files, whose rows the executors can read from the
 * files themselves: its optimised plan is a file relation in Parquet or ORC format (a path read with
 * Spark SQL, a table stored so, a Delta table read through Spark), under nothing but a selection of its
 * columns, and none of the columns used is a partition column (those live in directory names, not
 * in the files). Filters, joins, computed or renamed columns, samples and limits make it something
 * else, which is staged instead.
 */
final class PlainScan {
    private PlainScan() {
    }

    /** A plain scan's format and files, sorted. */
    record Files(TableFormat format, List<String> paths) {
    }

    /** The frame's format and files when it is a plain Parquet or ORC scan of {@code columns}; empty otherwise. */
    static Optional<Files> of(Dataset<Row> frame, List<String> columns) {
        LogicalPlan plan = frame.queryExecution().optimizedPlan();
        while (plan instanceof Project project && selectsColumnsOnly(project)) {
            plan = project.child();
        }
        if (!(plan instanceof LogicalRelation relation) || !(relation.relation() instanceof HadoopFsRelation files)) {
            return Optional.empty();
        }
        TableFormat format;
        if (files.fileFormat() instanceof ParquetFileFormat) {
            format = TableFormat.PARQUET;
        } else if (files.fileFormat() instanceof OrcFileFormat) {
            format = TableFormat.ORC;
        } else {
            return Optional.empty();
        }
        Set<String> partitionColumns = Arrays.stream(files.partitionSchema().fieldNames()).map(String::toLowerCase).collect(Collectors.toSet());
        if (columns.stream().map(String::toLowerCase).anyMatch(partitionColumns::contains)) {
            return Optional.empty();
        }
        String[] inputFiles = frame.inputFiles();
        if (inputFiles.length == 0) {
            return Optional.empty();
        }
        return Optional.of(new Files(format, Arrays.stream(inputFiles).sorted().toList()));
    }

    private static boolean selectsColumnsOnly(Project project) {
        return ScalaInterop.toJavaList(project.projectList()).stream().allMatch(AttributeReference.class::isInstance);
    }

    /** Whether every leaf of the frame's plan reads files (so the files' names, sizes and times identify its data). */
    static boolean readsOnlyFiles(Dataset<Row> frame) {
        List<LogicalPlan> leaves = ScalaInterop.toJavaList(frame.queryExecution().optimizedPlan().collectLeaves());
        return !leaves.isEmpty() && leaves.stream().allMatch(leaf -> leaf instanceof LogicalRelation relation
                && relation.relation() instanceof HadoopFsRelation);
    }
}
