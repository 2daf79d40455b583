package io.sparkbolt.trainer.predict;

import java.io.IOException;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.SimpleGroupFactory;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.example.ExampleParquetWriter;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.hadoop.util.HadoopOutputFile;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Types;

/**
 * A Parquet part (Snappy, as Spark writes by default) through parquet-hadoop: the key as
 * {@code shard} int and {@code row} bigint or the id as a string, the outputs as doubles, and
 * {@code argmax} a nullable bigint.
 */
final class ParquetPartWriter implements PartWriter {
    private final ParquetWriter<Group> writer;
    private final SimpleGroupFactory rows;
    private final PredictionColumns columns;

    ParquetPartWriter(Path path, Configuration conf, PredictionColumns columns) throws IOException {
        MessageType schema = schema(columns);
        this.columns = columns;
        this.rows = new SimpleGroupFactory(schema);
        this.writer = ExampleParquetWriter.builder(HadoopOutputFile.fromPath(path, conf))
                .withConf(conf)
                .withType(schema)
                .withCompressionCodec(CompressionCodecName.SNAPPY)
                .build();
    }

    static MessageType schema(PredictionColumns columns) {
        Types.MessageTypeBuilder schema = Types.buildMessage();
        if (columns.keyedById()) {
            schema.required(PrimitiveTypeName.BINARY).as(LogicalTypeAnnotation.stringType()).named(columns.idColumn());
        } else {
            schema.required(PrimitiveTypeName.INT32).named(PredictionColumns.SHARD);
            schema.required(PrimitiveTypeName.INT64).named(PredictionColumns.ROW);
        }
        for (int i = 0; i < columns.width(); i++) {
            schema.required(PrimitiveTypeName.DOUBLE).named(PredictionColumns.output(i));
        }
        if (columns.hasArgmax()) {
            schema.optional(PrimitiveTypeName.INT64).named(PredictionColumns.ARGMAX);
        }
        return schema.named("predictions");
    }

    @Override
    public void write(int shard, long row, String id, double[] values) throws IOException {
        Group group = rows.newGroup();
        if (columns.keyedById()) {
            group.append(columns.idColumn(), id);
        } else {
            group.append(PredictionColumns.SHARD, shard).append(PredictionColumns.ROW, row);
        }
        for (int i = 0; i < values.length; i++) {
            group.append(PredictionColumns.output(i), values[i]);
        }
        if (columns.hasArgmax()) {
            Long best = PredictionColumns.argmax(values);
            if (best != null) {
                group.append(PredictionColumns.ARGMAX, best);
            }
        }
        writer.write(group);
    }

    @Override
    public void close() throws IOException {
        writer.close();
    }
}
