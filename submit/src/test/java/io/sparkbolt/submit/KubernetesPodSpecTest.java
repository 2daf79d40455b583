package io.sparkbolt.submit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.kubernetes.client.openapi.JSON;
import io.kubernetes.client.openapi.models.V1ConfigMap;
import io.kubernetes.client.openapi.models.V1Pod;
import io.kubernetes.client.openapi.models.V1Service;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.spark.SecurityManager;
import org.apache.spark.SparkConf;
import org.apache.spark.deploy.k8s.Constants$;
import org.apache.spark.deploy.k8s.KubernetesConf;
import org.apache.spark.deploy.k8s.KubernetesDriverConf;
import org.apache.spark.deploy.k8s.KubernetesDriverSpec;
import org.apache.spark.deploy.k8s.KubernetesExecutorSpec;
import org.apache.spark.deploy.k8s.SparkPod;
import org.apache.spark.deploy.k8s.submit.JavaMainAppResource;
import org.apache.spark.deploy.k8s.submit.KubernetesDriverBuilder;
import org.apache.spark.resource.ResourceProfile;
import org.apache.spark.resource.ResourceProfile$;
import org.apache.spark.scheduler.cluster.k8s.KubernetesExecutorBuilder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import scala.Option;
import scala.collection.JavaConverters;

/**
 * What Kubernetes would receive from {@code sparkbolt submit --target k8s}: the dry run's
 * spark-submit properties go through Spark's own driver and executor pod builders (the code
 * spark-submit and the driver run for {@code k8s://} masters), and every object they produce is
 * checked against the Kubernetes API schema with the models the official Kubernetes client
 * generates from it (unknown fields, missing required fields, value types, resource quantities).
 * No API server runs: the builders only read the pod template, and the schema check needs none.
 */
class KubernetesPodSpecTest {
    private static final Path REPO = Path.of("").toAbsolutePath().getParent();
    private static final Path GPU_OVERLAY = REPO.resolve("conf/cluster/k8s.yaml");
    private static final String TEMPLATE = "spark.kubernetes.executor.podTemplateFile";
    private static final String IMAGE = "registry.example.com/sparkbolt:cuda-0.1.0";
    private static KubernetesClient client;

    @BeforeAll
    static void templateReader() {
        // Never contacted: the builders use the client only to parse pod template files.
        Config offline = new ConfigBuilder().withMasterUrl("https://127.0.0.1:1").withRequestTimeout(1).build();
        client = new KubernetesClientBuilder().withConfig(offline).build();
        ResourceProfile$.MODULE$.clearDefaultProfile();
    }

    @AfterAll
    static void close() {
        client.close();
        ResourceProfile$.MODULE$.clearDefaultProfile();
    }

    @Test
    void theShippedGpuOverlayGivesSchemaValidDriverAndExecutorPods(@TempDir Path uploads) throws Exception {
        SparkConf conf = submitted(uploads, "--config", REPO.resolve("conf/mnist-lenet.yaml").toString(), "--config",
                GPU_OVERLAY.toString());
        KubernetesDriverSpec driver = driverSpec(conf);
        Pod driverPod = withContainer(driver.pod());
        validate(driverPod);
        for (HasMetadata resource : JavaConverters.seqAsJavaList(driver.driverPreKubernetesResources())) {
            validate(resource);
        }
        for (HasMetadata resource : JavaConverters.seqAsJavaList(driver.driverKubernetesResources())) {
            validate(resource);
        }
        Container driverContainer = driverPod.getSpec().getContainers().get(0);
        assertEquals(IMAGE, driverContainer.getImage());
        assertEquals("spark", driverPod.getSpec().getServiceAccountName(), "the overlay's service account runs the driver");
        Map<String, String> driverProperties = scalaMap(driver.systemProperties());
        String driverJavaOptions = conf.get("spark.driver.extraJavaOptions");
        assertTrue(driverJavaOptions.contains("--add-opens=java.base/sun.nio.ch=ALL-UNNAMED"), driverJavaOptions);
        assertTrue(driverProperties.get("spark.files").startsWith(uploads.toUri().toString().replaceAll("/$", "")),
                "the configs were uploaded where the driver pod fetches them: " + driverProperties.get("spark.files"));

        Pod executorPod = executorPod(conf, driver, asCreated(driverPod), uploads);
        validate(executorPod);
        Container executor = executorPod.getSpec().getContainers().get(0);
        assertEquals(IMAGE, executor.getImage());
        assertEquals(new Quantity("1"), executor.getResources().getLimits().get("nvidia.com/gpu"),
                "one NVIDIA GPU per executor: " + executor.getResources());
        assertEquals("true", executorPod.getSpec().getNodeSelector().get("nvidia.com/gpu.present"), "the template's node selector");
        assertEquals("nvidia.com/gpu", executorPod.getSpec().getTolerations().get(0).getKey(), "the template's GPU toleration");
        String executorJavaOptions = executor.getEnv().stream().filter(e -> e.getName().startsWith("SPARK_JAVA_OPT_"))
                .map(EnvVar::getValue).collect(Collectors.joining(" "));
        for (String option : SparkSubmitArguments.ADD_OPENS.split(" ")) {
            assertTrue(executorJavaOptions.contains(option), option + " reaches the executor JVM: " + executorJavaOptions);
        }
        assertTrue(executorJavaOptions.contains("-Dorg.bytedeco.javacpp.maxphysicalbytes="), executorJavaOptions);
        assertEquals("4", env(executor, "OMP_NUM_THREADS"), "OpenMP threads per task");
        assertEquals(driverPod.getMetadata().getName(), executorPod.getMetadata().getOwnerReferences().get(0).getName(),
                "executors are owned by (and deleted with) the driver pod");
    }

    @Test
    void aMisspeltFieldInAPodTemplateFailsTheSchemaCheck(@TempDir Path dir) throws Exception {
        Path template = dir.resolve("pod.yaml");
        Files.writeString(template, Files.readString(REPO.resolve("conf/cluster/k8s-gpu-executor-pod.yaml"))
                .replace("nodeSelector:", "nodeSelecter:"));
        SparkConf conf = submitted(dir, "--config", REPO.resolve("conf/mnist-lenet.yaml").toString(), "--config",
                GPU_OVERLAY.toString());
        conf.set(TEMPLATE, template.toString());
        KubernetesDriverSpec driver = driverSpec(conf);
        Pod executorPod = executorPod(conf, driver, asCreated(withContainer(driver.pod())), dir);
        IllegalArgumentException wrong = assertThrows(IllegalArgumentException.class, () -> validate(executorPod));
        assertTrue(wrong.getMessage().contains("nodeSelecter"), wrong.getMessage());
    }

    @Test
    void clusterModeWithoutAnUploadPathStopsBeforeSparkSubmit(@TempDir Path dir) throws Exception {
        Path overlay = dir.resolve("k8s.yaml");
        Files.writeString(overlay, Files.readString(GPU_OVERLAY).lines().filter(l -> !l.contains("spark.kubernetes.file.upload.path"))
                .collect(Collectors.joining("\n")));
        CliRun run = CliRun.of(dryRun(dir, "--config", REPO.resolve("conf/mnist-lenet.yaml").toString(), "--config",
                overlay.toString()));
        assertEquals(2, run.status(), run.out());
        assertTrue(run.err().contains("spark.kubernetes.file.upload.path"), run.err());
        assertEquals("", run.out());
    }

    /** The dry run's properties as spark-submit turns them into a SparkConf, with uploads going to {@code uploads}. */
    private static SparkConf submitted(Path uploads, String... configs) {
        CliRun run = CliRun.of(dryRun(uploads, configs));
        assertEquals(0, run.status(), run.err());
        List<String> words = shellWords(run.out().strip());
        SparkConf conf = new SparkConf(false);
        String mainClass = null;
        String primaryResource = null;
        for (int i = 1; i < words.size(); i++) {
            String word = words.get(i);
            switch (word) {
                case "--master" -> conf.set("spark.master", words.get(++i));
                case "--deploy-mode" -> conf.set("spark.submit.deployMode", words.get(++i));
                case "--name" -> conf.set("spark.app.name", words.get(++i));
                case "--class" -> mainClass = words.get(++i);
                case "--files" -> conf.set("spark.files", words.get(++i));
                case "--jars" -> conf.set("spark.jars", words.get(++i));
                case "--conf" -> {
                    String[] pair = words.get(++i).split("=", 2);
                    conf.set(pair[0], pair[1]);
                }
                default -> {
                    primaryResource = word;
                    i = words.size();
                }
            }
        }
        assertEquals(SparkboltCli.class.getName(), mainClass);
        assertTrue(conf.contains("spark.kubernetes.file.upload.path"), "the overlay names where cluster mode uploads the configs");
        conf.set("spark.kubernetes.file.upload.path", uploads.toUri().toString());
        // The overlay names the template relative to the repository, where its users run submit.
        conf.set(TEMPLATE, REPO.resolve(conf.get(TEMPLATE)).toString());
        conf.set("spark.jars", primaryResource); // spark-submit adds the application jar for k8s cluster mode
        conf.set("sparkbolt.test.primaryResource", primaryResource);
        conf.set("sparkbolt.test.mainClass", mainClass);
        return conf;
    }

    private static String[] dryRun(Path dir, String... configs) {
        List<String> args = new ArrayList<>(List.of("submit", "--target", "k8s", "--deploy-mode", "cluster", "--dry-run",
                "--uber-jar", "local:///opt/sparkbolt/sparkbolt-uber.jar", "--spark-home", dir.toString()));
        args.addAll(List.of(configs));
        return args.toArray(String[]::new);
    }

    private static KubernetesDriverSpec driverSpec(SparkConf conf) {
        KubernetesDriverConf driverConf = KubernetesConf.createDriverConf(conf, KubernetesConf.getKubernetesAppId(),
                new JavaMainAppResource(Option.apply(conf.get("sparkbolt.test.primaryResource"))),
                conf.get("sparkbolt.test.mainClass"), new String[] {"fit", "--config", "mnist-lenet.yaml"}, Option.empty());
        return new KubernetesDriverBuilder().buildFromFeatures(driverConf, client);
    }

    /** The executor pod the running driver would ask for, from its conf (the submitted one plus what the driver spec added). */
    private static Pod executorPod(SparkConf submitted, KubernetesDriverSpec driver, Pod driverPod, Path uploads) throws IOException {
        SparkConf conf = submitted.clone();
        scalaMap(driver.systemProperties()).forEach(conf::set);
        // The driver reads the executor template from the ConfigMap the driver spec mounts; here, from a file of its data.
        String template = JavaConverters.seqAsJavaList(driver.driverKubernetesResources()).stream()
                .filter(r -> r instanceof ConfigMap).map(r -> ((ConfigMap) r).getData())
                .filter(data -> data.containsKey(Constants$.MODULE$.POD_TEMPLATE_KEY()))
                .map(data -> data.get(Constants$.MODULE$.POD_TEMPLATE_KEY())).findFirst()
                .orElseThrow(() -> new AssertionError("the driver spec mounts no executor pod template"));
        Path copy = Files.writeString(Files.createTempFile(uploads, "executor-template", ".yaml"), template);
        assertEquals(Constants$.MODULE$.EXECUTOR_POD_SPEC_TEMPLATE_MOUNTPATH() + "/"
                + Constants$.MODULE$.EXECUTOR_POD_SPEC_TEMPLATE_FILE_NAME(), conf.get(TEMPLATE));
        conf.set(TEMPLATE, copy.toString());
        conf.set("spark.app.id", "spark-0123456789abcdef");
        conf.set("spark.driver.host", driverPod.getMetadata().getName() + "-svc." + driverPod.getMetadata().getNamespace() + ".svc");
        conf.set("spark.kubernetes.driver.pod.name", driverPod.getMetadata().getName());
        SecurityManager security = new SecurityManager(conf, Option.empty(), SecurityManager.$lessinit$greater$default$3());
        security.initializeAuth();
        ResourceProfile$.MODULE$.clearDefaultProfile();
        ResourceProfile profile = ResourceProfile$.MODULE$.getOrCreateDefaultProfile(conf);
        KubernetesExecutorSpec spec = new KubernetesExecutorBuilder().buildFromFeatures(
                KubernetesConf.createExecutorConf(conf, "1", conf.get("spark.app.id"), Option.apply(driverPod), profile.id()),
                security, client, profile);
        ResourceProfile$.MODULE$.clearDefaultProfile();
        return withContainer(spec.pod());
    }

    /** The pod with its Spark container added, as Spark's submission client and executor allocator do before creating it. */
    private static Pod withContainer(SparkPod pod) {
        return new PodBuilder(pod.pod()).editOrNewSpec().addToContainers(pod.container()).endSpec().build();
    }

    /** The driver pod as the API server returns it once created (the running driver reads itself back), with its uid. */
    private static Pod asCreated(Pod pod) {
        return new PodBuilder(pod).editMetadata().withUid(java.util.UUID.randomUUID().toString()).withNamespace("training")
                .endMetadata().build();
    }

    /** Checks {@code resource} against the Kubernetes API schema; throws IllegalArgumentException naming what is wrong. */
    private static void validate(HasMetadata resource) throws IOException {
        String json = Serialization.asJson(resource);
        JsonObject object = JsonParser.parseString(json).getAsJsonObject();
        Class<?> model = switch (resource.getKind()) {
            case "Pod" -> {
                V1Pod.validateJsonObject(object);
                yield V1Pod.class;
            }
            case "ConfigMap" -> {
                V1ConfigMap.validateJsonObject(object);
                yield V1ConfigMap.class;
            }
            case "Service" -> {
                V1Service.validateJsonObject(object);
                yield V1Service.class;
            }
            default -> throw new AssertionError("no schema check here for a " + resource.getKind() + ": add its model");
        };
        new JSON().deserialize(json, model); // value types and quantities as the API server would parse them
        if (resource instanceof Pod pod) {
            for (Container container : pod.getSpec().getContainers()) {
                if (container.getResources() != null) {
                    container.getResources().getLimits().values().forEach(q -> io.kubernetes.client.custom.Quantity.fromString(q.toString()));
                    container.getResources().getRequests().values().forEach(q -> io.kubernetes.client.custom.Quantity.fromString(q.toString()));
                }
            }
        }
    }

    private static String env(Container container, String name) {
        return container.getEnv().stream().filter(e -> e.getName().equals(name)).map(EnvVar::getValue).findFirst().orElse(null);
    }

    private static Map<String, String> scalaMap(scala.collection.Map<String, String> map) {
        return new java.util.LinkedHashMap<>(JavaConverters.mapAsJavaMap(map));
    }

    /** The words of one line that {@link ShellQuoting#join} wrote. */
    private static List<String> shellWords(String line) {
        List<String> words = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        boolean inWord = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '\'' || c == '"') {
                int end = line.indexOf(c, i + 1);
                word.append(line, i + 1, end);
                i = end;
                inWord = true;
            } else if (c == ' ') {
                if (inWord) {
                    words.add(word.toString());
                    word.setLength(0);
                    inWord = false;
                }
            } else {
                word.append(c);
                inWord = true;
            }
        }
        if (inWord) {
            words.add(word.toString());
        }
        return words;
    }
}
