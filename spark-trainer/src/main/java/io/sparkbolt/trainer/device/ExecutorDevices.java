package io.sparkbolt.trainer.device;

import io.sparkbolt.trainer.api.SparkboltException;
import io.sparkbolt.trainer.spark.SparkFailures;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.Function2;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The driver's look at the executors' devices before a Spark strategy trains: one task per worker
 * pins its device as a training task would and reports it; the driver logs which ND4J backend and
 * devices each executor uses, and refuses settings the executors cannot honour with one line. It
 * also refuses GPU runs where Spark would put two tasks on one GPU without being asked to.
 */
public final class ExecutorDevices {
    private static final Logger LOG = LoggerFactory.getLogger(ExecutorDevices.class);
    private static final Pattern LOCAL_THREADS = Pattern.compile("local\\[(\\d+|\\*)(?:,\\s*\\d+)?]");

    private ExecutorDevices() {
    }

    /**
     * Probes {@code tasks} tasks, checks every executor against {@code settings}, logs one line per
     * executor and returns the assignments (in partition order).
     *
     * @throws SparkboltException when an executor cannot honour the settings, or GPUs would be shared
     */
    public static List<DeviceAssignment> probe(JavaSparkContext spark, int tasks, DeviceSettings settings) {
        List<DeviceAssignment> found;
        try {
            found = spark.parallelize(IntStream.range(0, tasks).boxed().toList(), tasks)
                    .setName("sparkbolt device probe")
                    .mapPartitionsWithIndex(new Probe(), false)
                    .collect();
        } catch (Exception e) { // Spark's SparkException is checked, thrown from Scala without a declaration
            throw SparkFailures.explain(e, "the device probe of the executors"); // e.g. ND4J's backend did not load there
        }
        Map<String, List<DeviceAssignment>> byExecutor = new TreeMap<>();
        for (DeviceAssignment assignment : found) {
            byExecutor.computeIfAbsent(assignment.executorId(), id -> new ArrayList<>()).add(assignment);
        }
        boolean gpu = false;
        for (Map.Entry<String, List<DeviceAssignment>> executor : byExecutor.entrySet()) {
            DeviceAssignment first = executor.getValue().get(0);
            String where = "executor " + executor.getKey() + " (" + first.host() + ")";
            gpu |= settings.check(first.backend(), where, true) == Accelerator.GPU;
            LOG.info("Sparkbolt: {}, pid {}: ND4J backend {}, precision {}; tasks on {}", where, first.pid(),
                    first.backend().describe(), settings.precision().label(),
                    executor.getValue().stream().map(DeviceAssignment::describeDevice).distinct().collect(Collectors.joining("; ")));
        }
        if (gpu) {
            checkGpuScheduling(spark.getConf(), spark.master(), settings);
        }
        return found;
    }

    /**
     * Two tasks must not share a GPU unless the user asked for fractions: with Spark's GPU
     * scheduling each task gets its own address; without it an executor must run one task at a time.
     */
    static void checkGpuScheduling(SparkConf conf, String master, DeviceSettings settings) {
        String taskAmount = conf.get("spark.task.resource.gpu.amount", null);
        if (taskAmount != null) {
            double amount = Double.parseDouble(taskAmount);
            if (amount > 1) {
                throw new SparkboltException("spark.task.resource.gpu.amount=" + taskAmount + ": a Sparkbolt worker trains on"
                        + " one GPU; set it to 1 (or a fraction such as 0.5 to let tasks share a GPU)");
            }
            String executorAmount = conf.get("spark.executor.resource.gpu.amount", null);
            if (settings.devices() > 0 && executorAmount != null && Integer.parseInt(executorAmount) != settings.devices()) {
                throw new SparkboltException("trainer flag devices=" + settings.devices() + " contradicts"
                        + " spark.executor.resource.gpu.amount=" + executorAmount + " (GPUs per executor): give one of them");
            }
            return;
        }
        if (settings.devices() > 1) {
            throw new SparkboltException("trainer flag devices=" + settings.devices() + " needs Spark's GPU scheduling:"
                    + " set spark.executor.resource.gpu.amount=" + settings.devices() + ", spark.task.resource.gpu.amount=1 and a"
                    + " discovery script (sparkbolt submit does with spark.gpusPerExecutor)");
        }
        int concurrent = concurrentTasks(conf, master);
        if (concurrent > 1) {
            throw new SparkboltException("training on GPUs without Spark's GPU scheduling, each executor runs " + concurrent
                    + " tasks at once, and they would share one GPU: set spark.task.resource.gpu.amount=1 with"
                    + " spark.executor.resource.gpu.amount (spark.gpusPerExecutor) and a discovery script, or run one task per"
                    + " executor (" + (master.startsWith("local") ? "local[1]" : "spark.task.cpus = spark.executor.cores") + ")");
        }
    }

    /** Tasks one executor runs at once: local[N]'s N, else executor cores over task cpus. */
    static int concurrentTasks(SparkConf conf, String master) {
        Matcher local = LOCAL_THREADS.matcher(master);
        int taskCpus = conf.getInt("spark.task.cpus", 1);
        if (master.equals("local")) {
            return 1;
        }
        if (local.matches()) {
            int threads = local.group(1).equals("*") ? Runtime.getRuntime().availableProcessors() : Integer.parseInt(local.group(1));
            return Math.max(1, threads / taskCpus);
        }
        return Math.max(1, conf.getInt("spark.executor.cores", 1) / taskCpus);
    }

    /** The executor side: pin as a training task does, report it. */
    private static final class Probe implements Function2<Integer, Iterator<Integer>, Iterator<DeviceAssignment>> {
        @Override
        public Iterator<DeviceAssignment> call(Integer partition, Iterator<Integer> ignored) {
            return List.of(TaskDevice.pin()).iterator();
        }
    }
}
