package io.sparkbolt.submit;

import io.sparkbolt.config.ClusterSpec;
import io.sparkbolt.trainer.spark.Nd4jKryoRegistrator;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The spark-submit command for a run: master and deploy mode, executors sized from one memory
 * figure (heap, ND4J's off-heap limit, container overhead), the {@code --add-opens} options Spark
 * needs on Java 17, OpenMP threads per task, GPU scheduling, Kryo with ND4J's registrator, the
 * event log, the user's properties (which win), then the uber-jar and the {@code sparkbolt}
 * arguments the driver runs.
 */
final class SparkSubmitArguments {
    /**
     * The {@code --add-opens} options Spark and Hadoop need on Java 17, space-separated: {@code
     * conf/java-add-opens.args}, the one list that bin/sparkbolt, the cluster scripts, the
     * benchmarks and the tests' JVMs read too, carried in this jar.
     */
    static final String ADD_OPENS = JavaOptions.addOpens();
    /** The script executors run to find their GPUs (shipped with Spark's examples; override with the conf key). */
    static final String GPU_DISCOVERY_SCRIPT = "/opt/spark/examples/src/main/scripts/getGpusResources.sh";

    private SparkSubmitArguments() {
    }

    /** The Spark properties for {@code cluster} on {@code target}, before the user's own (which override them). */
    static Map<String, String> properties(Target target, ClusterSpec cluster) {
        Map<String, String> conf = new LinkedHashMap<>();
        conf.put("spark.executor.memory", cluster.heapMb() + "m");
        conf.put("spark.executor.memoryOverhead", cluster.overheadMb() + "m");
        conf.put("spark.executor.cores", Integer.toString(cluster.executorCores()));
        switch (target) {
            case STANDALONE -> conf.put("spark.cores.max", Integer.toString(cluster.executors() * cluster.executorCores()));
            case YARN, K8S -> conf.put("spark.executor.instances", Integer.toString(cluster.executors()));
            case DATABRICKS -> { }
        }
        conf.put("spark.driver.extraJavaOptions", ADD_OPENS);
        // Databricks sizes executors from the node type, so only there ND4J keeps its own limits.
        conf.put("spark.executor.extraJavaOptions", target == Target.DATABRICKS ? ADD_OPENS
                : ADD_OPENS + " -Dorg.bytedeco.javacpp.maxbytes=" + cluster.offHeapBytes()
                + " -Dorg.bytedeco.javacpp.maxphysicalbytes=" + cluster.physicalBytesLimit());
        conf.put("spark.executorEnv.OMP_NUM_THREADS", Integer.toString(cluster.threadsPerTask()));
        conf.put("spark.serializer", "org.apache.spark.serializer.KryoSerializer");
        conf.put("spark.kryo.registrator", Nd4jKryoRegistrator.class.getName());
        if (cluster.gpusPerExecutor() > 0) {
            conf.put("spark.task.resource.gpu.amount", "1");
        }
        if (cluster.gpusPerExecutor() > 0 && target != Target.DATABRICKS) { // Databricks GPU runtimes set up discovery themselves
            conf.put("spark.executor.resource.gpu.amount", Integer.toString(cluster.gpusPerExecutor()));
            conf.put("spark.executor.resource.gpu.discoveryScript", GPU_DISCOVERY_SCRIPT);
            if (target == Target.K8S) {
                conf.put("spark.executor.resource.gpu.vendor", "nvidia.com");
            }
        }
        if (cluster.eventLogDir() != null) {
            conf.put("spark.eventLog.enabled", "true");
            conf.put("spark.eventLog.dir", cluster.eventLogDir());
        }
        conf.putAll(cluster.conf());
        return conf;
    }

    /**
     * The arguments after {@code spark-submit}: {@code --master}, {@code --deploy-mode}, {@code --name},
     * {@code --class}, the properties, {@code --files} and {@code --jars} when given, the uber-jar,
     * then {@code driverArgs}.
     */
    static List<String> build(Target target, ClusterSpec cluster, String deployMode, String uberJar, List<String> files,
                              List<String> jars, List<String> driverArgs) {
        List<String> args = new ArrayList<>();
        args.add("--master");
        args.add(cluster.master() != null ? cluster.master() : target.defaultMaster());
        args.add("--deploy-mode");
        args.add(deployMode);
        args.add("--name");
        args.add(cluster.appName());
        args.add("--class");
        args.add(SparkboltCli.class.getName());
        properties(target, cluster).forEach((key, value) -> {
            args.add("--conf");
            args.add(key + "=" + value);
        });
        if (!files.isEmpty()) {
            args.add("--files");
            args.add(String.join(",", files));
        }
        if (!jars.isEmpty()) {
            args.add("--jars");
            args.add(String.join(",", jars));
        }
        args.add(uberJar);
        args.addAll(driverArgs);
        return args;
    }
}
