package io.sparkbolt.submit;

import io.sparkbolt.config.ClusterSpec;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sparkbolt.trainer.api.SparkboltException;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
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

    private DatabricksJob() {
    }

    /** The request body, pretty-printed. */
    static String request(ClusterSpec cluster, String jarUri, String nodeType, String runtime, List<String> jars,
                          List<String> driverArgs) {
        ObjectNode root = JSON.createObjectNode();
        root.put("run_name", cluster.appName());
        ObjectNode task = root.putArray("tasks").addObject();
        task.put("task_key", "sparkbolt_fit");
        ObjectNode jarTask = task.putObject("spark_jar_task");
        jarTask.put("main_class_name", SparkboltCli.class.getName());
        ArrayNode parameters = jarTask.putArray("parameters");
        driverArgs.forEach(parameters::add);
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
                conf.put(entry.getKey(), entry.getValue());
            }
        }
        newCluster.putObject("spark_env_vars").put("OMP_NUM_THREADS", Integer.toString(cluster.threadsPerTask()));
        try {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree always serialises", e);
        }
    }

    /** Posts the request to {@code $DATABRICKS_HOST} with {@code $DATABRICKS_TOKEN}; returns 0 when the run was accepted. */
    static int submit(String request) throws IOException, InterruptedException {
        String host = System.getenv("DATABRICKS_HOST");
        String token = System.getenv("DATABRICKS_TOKEN");
        if (host == null || token == null) {
            throw new SparkboltException("submit --target databricks needs DATABRICKS_HOST and DATABRICKS_TOKEN in the environment"
                    + " (or --dry-run to print the request)");
        }
        HttpRequest post = HttpRequest.newBuilder(URI.create(host.replaceAll("/+$", "") + "/api/2.1/jobs/runs/submit"))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(request)).build();
        HttpResponse<String> response = HttpClient.newHttpClient().send(post, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() / 100 != 2) {
            throw new SparkboltException("Databricks refused the run: HTTP " + response.statusCode() + " " + response.body());
        }
        System.out.println(response.body());
        return 0;
    }
}
