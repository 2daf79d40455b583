package io.sparkbolt.submit;

import io.sparkbolt.config.ClusterSpec;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sparkbolt.trainer.api.SparkboltException;
import io.sparkbolt.trainer.storage.Secrets;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A Databricks Jobs API 2.1 {@code runs/submit} request: one {@code spark_jar_task} running
 * {@code SparkboltCli fit} from the uploaded uber-jar on a new job cluster of GPU nodes, with the
 * same Spark properties spark-submit would get. Databricks starts the Spark context; Sparkbolt
 * takes it over.
 */
final class DatabricksJob {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** How long a request may take to connect, and then to be answered. */
    static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final String OVERRIDE_PREFIX = "--spark.conf.";

    private DatabricksJob() {
    }

    /**
     * The request body, pretty-printed. With a {@code secretScope}, each secret Spark property is
     * sent as the reference {@code {{secrets/<scope>/<property>}}} that Databricks resolves on the
     * cluster (put the value in the scope under the property's name), and a command-line override
     * that sets one is left out of the task's parameters, which Databricks would show as they are.
     */
    static String request(ClusterSpec cluster, String jarUri, String nodeType, String runtime, List<String> jars,
                          List<String> driverArgs, String secretScope) {
        ObjectNode root = JSON.createObjectNode();
        root.put("run_name", cluster.appName());
        ObjectNode task = root.putArray("tasks").addObject();
        task.put("task_key", "sparkbolt_fit");
        ObjectNode jarTask = task.putObject("spark_jar_task");
        jarTask.put("main_class_name", SparkboltCli.class.getName());
        ArrayNode parameters = jarTask.putArray("parameters");
        driverArgs.stream().filter(arg -> secretScope == null || !isSecretOverride(arg)).forEach(parameters::add);
        ArrayNode libraries = task.putArray("libraries");
        libraries.addObject().put("jar", jarUri);
        jars.forEach(jar -> libraries.addObject().put("jar", jar));
        ObjectNode newCluster = task.putObject("new_cluster");
        newCluster.put("spark_version", runtime);
        newCluster.put("node_type_id", nodeType);
        newCluster.put("num_workers", cluster.executors());
        ObjectNode conf = newCluster.putObject("spark_conf");
        for (Map.Entry<String, String> entry : SparkSubmitArguments.properties(Target.DATABRICKS, cluster).entrySet()) {
            // Databricks sizes executors from the node type; it refuses memory settings of its own.
            if (!entry.getKey().startsWith("spark.executor.memory") && !entry.getKey().equals("spark.executor.cores")) {
                conf.put(entry.getKey(), secretScope != null && Secrets.isSecretKey(entry.getKey())
                        ? "{{secrets/" + secretScope + "/" + entry.getKey() + "}}" : entry.getValue());
            }
        }
        newCluster.putObject("spark_env_vars").put("OMP_NUM_THREADS", Integer.toString(cluster.threadsPerTask()));
        try {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree always serialises", e);
        }
    }

    /** {@code --spark.conf.KEY=VALUE} (or {@code --spark.conf.KEY VALUE}'s first word) setting a secret property. */
    private static boolean isSecretOverride(String arg) {
        if (!arg.startsWith(OVERRIDE_PREFIX)) {
            return false;
        }
        int equals = arg.indexOf('=');
        return Secrets.isSecretKey(arg.substring(OVERRIDE_PREFIX.length(), equals < 0 ? arg.length() : equals));
    }

    /**
     * Posts the request to {@code host} (an {@code https://} workspace URL: the token goes with it)
     * with {@code token}, giving up after {@code timeout} to connect or to answer; returns 0 when the
     * run was accepted.
     */
    static int submit(String request, String host, String token, Duration timeout) throws IOException, InterruptedException {
        if (host == null || token == null) {
            throw new SparkboltException("submit --target databricks needs DATABRICKS_HOST and DATABRICKS_TOKEN in the environment"
                    + " (or --dry-run to print the request)");
        }
        URI workspace;
        try {
            workspace = URI.create(host.strip().replaceAll("/+$", ""));
        } catch (IllegalArgumentException e) {
            throw new SparkboltException("DATABRICKS_HOST is not a URL: '" + host + "'");
        }
        if (!"https".equalsIgnoreCase(workspace.getScheme()) || workspace.getHost() == null) {
            throw new SparkboltException("DATABRICKS_HOST must be an https:// workspace URL (the token travels with every request),"
                    + " got '" + host + "'");
        }
        HttpRequest post = HttpRequest.newBuilder(URI.create(workspace + "/api/2.1/jobs/runs/submit")).timeout(timeout)
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(request)).build();
        HttpResponse<String> response;
        try {
            response = HttpClient.newBuilder().connectTimeout(timeout).build().send(post, HttpResponse.BodyHandlers.ofString());
        } catch (HttpTimeoutException e) {
            throw new SparkboltException("Databricks at " + workspace + " did not answer within " + timeout.toSeconds() + " s");
        } catch (IOException e) {
            throw new SparkboltException("cannot reach Databricks at " + workspace + ": " + e);
        }
        if (response.statusCode() / 100 != 2) {
            throw new SparkboltException("Databricks refused the run: HTTP " + response.statusCode() + " " + response.body());
        }
        System.out.println(response.body());
        return 0;
    }
}
