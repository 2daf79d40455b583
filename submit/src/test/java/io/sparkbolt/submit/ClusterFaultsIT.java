package io.sparkbolt.submit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.sparkbolt.submit.cluster.ClusterEvents;
import io.sparkbolt.submit.cluster.LocalCluster;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Executors come and go under a running fit on the real standalone cluster, and parameter
 * averaging (and ddp) carries on: an executor JVM killed with SIGKILL mid-fit (its worker starts a
 * replacement), an executor added between rounds (it joins the next ones), one removed (its
 * worker stopped). Each fit must end as the undisturbed fit of the same config does, bit for bit:
 * faults cost time, never the result. RELIABILITY.md reports the time they cost.
 */
class ClusterFaultsIT {
    private static final String MODEL = "{class: MlpClassifier, args: {hidden: [64], lr: 0.002, dropout: 0.0, l2: 0.0, activation: relu}}";
    /** Long enough (40 rounds) to kill an executor in the middle. */
    private static final String SHORT = "  maxEpochs: 2\n  limitTrainBatches: 100";
    /** Long enough (120 rounds, about 40 s on one executor) for a new worker and its executor JVM to start. */
    private static final String LONG = "  maxEpochs: 2\n  limitTrainBatches: 300";
    private static final String STRATEGY = "{name: parameter-averaging, numWorkers: 2, averagingFrequency: 5}";
    /** ddp in segments of 5 steps: 40 barrier stages, a ring between the two executors. */
    private static final String DDP = "{name: ddp, numWorkers: 2, segmentSteps: 5, timeoutSeconds: 30}";

    @Test
    void anExecutorKilledMidFitCostsTimeNotTheResult(@TempDir Path dir) throws Exception {
        killAnExecutorMidFit(dir, STRATEGY);
    }

    /** ddp: the survivor's ring breaks, Spark re-runs the segment's barrier stage once a replacement executor is there. */
    @Test
    void aDdpExecutorKilledMidFitCostsTimeNotTheResult(@TempDir Path dir) throws Exception {
        killAnExecutorMidFit(dir, DDP);
    }

    private static void killAnExecutorMidFit(Path dir, String strategy) throws Exception {
        try (LocalCluster cluster = LocalCluster.start(dir.resolve("cluster"), 2, Map.of("WORKER_MEMORY", "2g"))) {
            long start = System.nanoTime();
            Path whole = fit(cluster, dir.resolve("whole"), "1.0", SHORT, strategy);
            double wholeSeconds = (System.nanoTime() - start) / 1e9;

            Path faulty = dir.resolve("faulty");
            start = System.nanoTime();
            Process submit = cluster.submit(Files.createDirectories(faulty), config(faulty, "1.0", SHORT, strategy));
            awaitRounds(faulty, 8, submit);
            List<ProcessHandle> executors = cluster.executors();
            assertEquals(2, executors.size(), "two executors before the kill: " + executors);
            ProcessHandle victim = executors.get(0);
            victim.destroyForcibly(); // SIGKILL, as the OOM killer or a lost node would
            LocalCluster.awaitSuccess(submit, faulty, 420);
            double faultySeconds = (System.nanoTime() - start) / 1e9;

            Set<Long> setups = pids(faulty, "setup-fit");
            assertTrue(setups.contains(victim.pid()) && setups.size() == 3, "the killed executor, the survivor and a replacement"
                    + " set up: " + setups);
            System.out.printf("executor loss (%s): killed executor pid %d after 8 rounds; fit %.1f s vs %.1f s undisturbed%n",
                    strategy, victim.pid(), faultySeconds, wholeSeconds);
            assertArrayEquals(finalParams(whole), finalParams(faulty), "the same parameters as the undisturbed fit");
            assertTrue(testAccuracy(faulty) > 0.8);
        }
    }

    @Test
    void anExecutorAddedBetweenRoundsJoinsAndOneRemovedLeavesWithoutStoppingTheFit(@TempDir Path dir) throws Exception {
        try (LocalCluster cluster = LocalCluster.start(dir.resolve("cluster"), 1, Map.of("WORKER_MEMORY", "2g"))) {
            Path whole = fit(cluster, dir.resolve("whole"), "0.5", LONG, STRATEGY); // one executor throughout: the reference result

            Path elastic = dir.resolve("elastic");
            Process submit = cluster.submit(Files.createDirectories(elastic), config(elastic, "0.5", LONG, STRATEGY));
            awaitRounds(elastic, 3, submit);
            assertEquals(1, cluster.executors().size(), "the fit started on the one executor there was");
            long firstWorker = cluster.workers().get(0);
            cluster.addWorker(); // the application wants two executors: the master starts one on the new worker
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (pids(elastic, "setup-fit").size() < 2 && submit.isAlive() && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            assertEquals(2, pids(elastic, "setup-fit").size(), "the added executor ran a round: " + LocalCluster.tail(elastic.resolve("submit.log")));
            int roundsWhenJoined = rounds(elastic);
            ProcessHandle.of(firstWorker).orElseThrow().destroy(); // SIGTERM: the worker leaves, and its executor with it
            LocalCluster.awaitSuccess(submit, elastic, 420);
            System.out.printf("elastic: an executor joined after round %d of %d; the first worker left then%n", roundsWhenJoined, rounds(elastic));
            assertTrue(roundsWhenJoined + 10 < rounds(elastic), "joined while training went on: round " + roundsWhenJoined);
            assertArrayEquals(finalParams(whole), finalParams(elastic), "the same parameters as on one executor");
        }
    }

    /** Runs one undisturbed fit to the end; returns its directory. */
    private static Path fit(LocalCluster cluster, Path dir, String registeredRatio, String length, String strategy) throws Exception {
        Files.createDirectories(dir);
        LocalCluster.awaitSuccess(cluster.submit(dir, config(dir, registeredRatio, length, strategy)), dir, 420);
        return dir;
    }

    /**
     * Two workers with {@code strategy} for {@code length}; the fit starts once {@code registeredRatio}
     * of its two executors are there, and a task may run on any executor at once (no locality wait).
     */
    private static Path config(Path dir, String registeredRatio, String length, String strategy) throws IOException {
        return LocalClusterIT.writeConfig(dir, dir.resolve("events"), MODEL, 2, length, strategy,
                "  executorCores: 1\n  conf: {spark.scheduler.minRegisteredResourcesRatio: '" + registeredRatio + "',"
                        + " spark.scheduler.maxRegisteredResourcesWaitingTime: 120s, spark.locality.wait: 0s}");
    }

    /** Waits until the driver has finished {@code count} training rounds (one callback event each, after onFitStart). */
    private static void awaitRounds(Path dir, int count, Process submit) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(240);
        while (rounds(dir) < count && submit.isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertTrue(submit.isAlive(), "the fit ended before round " + count + ": " + LocalCluster.tail(dir.resolve("submit.log")));
        assertTrue(rounds(dir) >= count, "no round " + count + " within 4 minutes: " + LocalCluster.tail(dir.resolve("submit.log")));
    }

    private static int rounds(Path dir) throws IOException {
        Path events = dir.resolve("events");
        return Files.exists(events) ? (int) ClusterEvents.read(events).stream().filter(e -> e.kind().equals("callback")).count() - 1 : 0;
    }

    private static Set<Long> pids(Path dir, String kind) throws IOException {
        Path events = dir.resolve("events");
        return ClusterEvents.pids(Files.exists(events) ? ClusterEvents.read(events) : List.of(), kind);
    }

    /** The parameters of the fit's final checkpoint (the default one, of its last epoch). */
    private static float[] finalParams(Path dir) throws IOException {
        Path checkpoints = dir.resolve("logs/sparkbolt_logs/version_0/checkpoints");
        List<Path> files;
        try (var list = Files.list(checkpoints)) {
            files = list.filter(p -> p.toString().endsWith(".ckpt")).toList();
        }
        assertEquals(1, files.size(), files.toString());
        assertTrue(files.get(0).getFileName().toString().startsWith("epoch=1-"), files.toString());
        MultiLayerNetwork network = ModelSerializer.restoreMultiLayerNetwork(files.get(0).toFile(), false);
        return network.params().data().asFloat();
    }

    private static double testAccuracy(Path dir) throws IOException {
        return new ObjectMapper().readTree(dir.resolve("results.json").toFile()).get("test_acc").asDouble();
    }
}
