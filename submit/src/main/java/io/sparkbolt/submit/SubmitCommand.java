package io.sparkbolt.submit;

import io.sparkbolt.config.ClusterSpec;
import io.sparkbolt.config.RunConfig;
import io.sparkbolt.config.SecretMasking;
import io.sparkbolt.trainer.api.SparkboltException;
import io.sparkbolt.trainer.api.Suggestions;
import io.sparkbolt.trainer.storage.Secrets;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Unmatched;

/**
 * {@code sparkbolt submit}: validates the config here, then runs {@code fit} on a cluster: the
 * spark-submit command for a standalone, YARN or Kubernetes cluster (run, or printed with
 * {@code --dry-run}), or the Databricks Jobs API request. It takes the same flags as {@code fit}
 * and hands them to the driver; in client mode {@code --results} is written where the command
 * runs.
 */
@Command(name = "submit", mixinStandardHelpOptions = true,
        description = {"Run fit on a cluster: standalone, yarn, k8s (spark-submit) or databricks (Jobs API).",
                "Executors come from the config's spark section: executors, executorCores, executorMemory, gpusPerExecutor."})
final class SubmitCommand implements Callable<Integer> {
    /** Where Spark on Kubernetes puts the local files a cluster-mode driver pod needs. */
    private static final String K8S_UPLOAD_PATH = "spark.kubernetes.file.upload.path";
    private static final String AUTHENTICATE = "spark.authenticate";
    private static final String AUTHENTICATE_SECRET = "spark.authenticate.secret";

    @Mixin
    RunOptions options;

    /** Config overrides: {@code --trainer.maxEpochs=10}, handed to the driver. */
    @Unmatched
    List<String> overrides = new ArrayList<>();

    @Option(names = "--target", required = true, paramLabel = "TARGET",
            description = "standalone, yarn, k8s or databricks")
    String target;

    @Option(names = "--dry-run", description = "print the command (or the Databricks request) instead of running it")
    boolean dryRun;

    @Option(names = "--deploy-mode", paramLabel = "MODE", defaultValue = "client",
            description = "client (driver here; default) or cluster (driver on the cluster; configs go along with --files)")
    String deployMode;

    @Option(names = "--uber-jar", paramLabel = "JAR", description = "the Sparkbolt uber-jar (default: the one built beside this command)")
    String uberJar;

    @Option(names = "--spark-home", paramLabel = "DIR", description = "the Spark installation to submit with (default: $SPARK_HOME)")
    String sparkHome = System.getenv("SPARK_HOME");

    @Option(names = "--test", description = "also run the test split after fitting")
    boolean test;

    @Option(names = "--databricks-node-type", defaultValue = "g4dn.xlarge", paramLabel = "TYPE",
            description = "Databricks worker node type (default: a one-GPU node)")
    String nodeType;

    @Option(names = "--databricks-runtime", defaultValue = "13.3.x-gpu-ml-scala2.12", paramLabel = "VERSION",
            description = "Databricks runtime (spark_version) of the job cluster")
    String runtime;

    @Option(names = "--databricks-secret-scope", paramLabel = "SCOPE",
            description = "Databricks: send secret Spark properties as {{secrets/SCOPE/<property>}} references, never their values")
    String secretScope;

    @Option(names = "--remote-jar", paramLabel = "URI", description = "Databricks: where the uber-jar was uploaded (dbfs:/...)")
    String remoteJar;

    @Override
    public Integer call() throws IOException, InterruptedException {
        Target where = parseTarget();
        if (!deployMode.equals("client") && !deployMode.equals("cluster")) {
            throw new SparkboltException("--deploy-mode must be client or cluster, got '" + deployMode + "'");
        }
        RunConfig config = validated();
        if (options.printedConfig(config)) {
            return 0;
        }
        ClusterSpec cluster = config.cluster();
        boolean shipConfigs = deployMode.equals("cluster") || where == Target.DATABRICKS;
        List<String> driverArgs = driverArguments(shipConfigs);
        if (where == Target.DATABRICKS) {
            String request = DatabricksJob.request(cluster, remoteJar != null ? remoteJar : "dbfs:/FileStore/jars/sparkbolt-uber.jar",
                    nodeType, runtime, options.jars, driverArgs, secretScope);
            System.out.println(SecretMasking.maskedJson(request));
            return dryRun ? 0 : DatabricksJob.submit(request, System.getenv("DATABRICKS_HOST"), System.getenv("DATABRICKS_TOKEN"),
                    DatabricksJob.TIMEOUT);
        }
        List<String> files = shipConfigs ? options.configs : List.of();
        if (where == Target.K8S && !files.isEmpty() && !cluster.conf().containsKey(K8S_UPLOAD_PATH)) {
            throw new SparkboltException("submit --target k8s --deploy-mode cluster ships the configs with --files, which Spark on"
                    + " Kubernetes uploads to " + K8S_UPLOAD_PATH + ": set it in the config's spark.conf (e.g. s3a://bucket/spark-uploads)");
        }
        List<String> command = new ArrayList<>(SparkSubmitLauncher.command(sparkHome));
        command.addAll(SparkSubmitArguments.build(where, cluster, deployMode, uberJar(), files, options.jars, driverArgs));
        if (dryRun) {
            System.out.println(Secrets.maskText(ShellQuoting.join(command)));
            return 0;
        }
        if (where == Target.STANDALONE) {
            requireStandaloneSecret(SparkSubmitArguments.properties(where, cluster));
        }
        return SparkSubmitLauncher.run(command);
    }

    /**
     * A standalone cluster has no per-application secret (YARN and Kubernetes generate one): with
     * authentication on, spark-submit needs {@code spark.authenticate.secret} from the run's
     * properties or {@code spark-defaults.conf}, and would otherwise fail inside Spark.
     */
    private void requireStandaloneSecret(java.util.Map<String, String> properties) throws IOException {
        if (!Boolean.parseBoolean(properties.getOrDefault(AUTHENTICATE, "false").strip())
                || properties.containsKey(AUTHENTICATE_SECRET)
                || SparkSubmitLauncher.sparkDefaults(sparkHome).containsKey(AUTHENTICATE_SECRET)) {
            return;
        }
        throw new SparkboltException(AUTHENTICATE + " is on for a standalone cluster, but no " + AUTHENTICATE_SECRET + " is set:"
                + " put it in " + new java.io.File(SparkSubmitLauncher.confDir(sparkHome), "spark-defaults.conf")
                + " here and on every node of the cluster, or, on a network you trust, set " + AUTHENTICATE + ": 'false'");
    }

    private Target parseTarget() {
        try {
            return Target.valueOf(target.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new SparkboltException("--target must be standalone, yarn, k8s or databricks, got '" + target + "'"
                    + Suggestions.didYouMean(target, List.of("standalone", "yarn", "k8s", "databricks")));
        }
    }

    /** Loads the config and builds its Trainer here, with {@code --jars} on the class path, so mistakes stop before any cluster work. */
    private RunConfig validated() {
        return options.userClasspath().run(() -> {
            RunConfig config = options.load(overrides);
            config.trainer();
            config.model();
            config.data();
            return config;
        });
    }

    /** {@code fit} with the same configs (absolute, or by name when shipped with --files), overrides and flags. */
    private List<String> driverArguments(boolean shipConfigs) {
        List<String> args = new ArrayList<>(List.of("fit"));
        for (String config : options.configs) {
            args.add("--config");
            args.add(shipConfigs ? Path.of(config).getFileName().toString() : Path.of(config).toAbsolutePath().toString());
        }
        args.addAll(overrides);
        if (options.ckptPath != null) {
            args.add("--ckptPath");
            args.add(options.ckptPath);
        }
        if (options.seed != null) {
            args.add("--seed");
            args.add(options.seed.toString());
        }
        if (options.results != null) {
            args.add("--results");
            args.add(options.results.contains(":") ? options.results : Path.of(options.results).toAbsolutePath().toString());
        }
        if (test) {
            args.add("--test");
        }
        return args;
    }

    /** {@code --uber-jar}, or the {@code *-uber.jar} built beside this command's own jar or classes. */
    private String uberJar() throws IOException {
        if (uberJar != null) {
            return uberJar;
        }
        Path here;
        try {
            here = Path.of(SubmitCommand.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException("the command's own location is not a path", e);
        }
        if (here.getFileName().toString().endsWith("-uber.jar")) {
            return here.toString();
        }
        Path dir = here.getParent(); // target/, whether this runs from target/classes or target/submit_<scala>-<version>.jar
        // both lines' uber-jars may lie there (submit_2.12-…, submit_2.13-…): the one of the line this command runs on
        String line = "submit_" + io.sparkbolt.trainer.spark.SparkLine.current().scala() + "-";
        try (var files = Files.list(dir)) {
            return files.filter(p -> p.getFileName().toString().startsWith(line) && p.getFileName().toString().endsWith("-uber.jar"))
                    .map(Path::toString).findFirst()
                    .orElseThrow(() -> new SparkboltException("no " + line + "*-uber.jar in " + dir
                            + ": build it with mvn -pl submit -am package (-Dspark4 -Pcpu for the Spark 4 line), or give --uber-jar"));
        }
    }
}
