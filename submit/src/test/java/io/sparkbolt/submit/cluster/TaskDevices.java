package io.sparkbolt.submit.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkbolt.submit.cluster.ClusterEvents.Event;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Reads {@link DeviceRecordingMlp}'s events back into tasks and checks that no two tasks shared a GPU. */
public final class TaskDevices {
    private TaskDevices() {
    }

    /** One task (process, stage, partition): the GPU addresses its steps saw and when its first and last step ran. */
    record Task(long pid, int stage, int partition, Set<String> addresses, Set<String> sources, long first, long last) {
        boolean overlaps(Task other) {
            return pid == other.pid && stage == other.stage && first <= other.last && other.first <= last;
        }
    }

    /**
     * Every task was pinned to exactly one Spark-assigned address for all its steps; tasks running
     * at the same time in one executor had different addresses; and some did run at the same time,
     * so the check is not vacuous.
     */
    public static void assertEachTaskHadItsOwnGpu(List<Event> events) {
        List<Task> tasks = tasks(events);
        assertTrue(tasks.size() >= 8, "recorded tasks: " + tasks);
        Set<String> executorAddresses = new HashSet<>();
        for (Task task : tasks) {
            assertEquals(1, task.addresses().size(), "one GPU for the whole task: " + task);
            assertEquals(Set.of("SPARK_RESOURCE"), task.sources(), "assigned by Spark's scheduler: " + task);
            assertTrue(Set.of("0", "1").containsAll(task.addresses()), "an address the workers' discovery script reported: " + task);
            executorAddresses.add(task.pid() + "/" + task.addresses().iterator().next());
        }
        int overlapping = 0;
        for (int i = 0; i < tasks.size(); i++) {
            for (int j = i + 1; j < tasks.size(); j++) {
                if (tasks.get(i).overlaps(tasks.get(j))) {
                    overlapping++;
                    assertNotEquals(tasks.get(i).addresses(), tasks.get(j).addresses(),
                            "two tasks ran at once on one GPU: " + tasks.get(i) + " and " + tasks.get(j));
                }
            }
        }
        assertTrue(overlapping > 0, "no two tasks ever ran at once in one executor: " + tasks);
        assertEquals(4, executorAddresses.size(), "both fake GPUs of both executors were used: " + executorAddresses);
    }

    private static List<Task> tasks(List<Event> events) {
        Map<String, List<String[]>> byTask = new LinkedHashMap<>();
        for (Event event : events) {
            if (event.kind().startsWith("device_")) {
                String[] fields = event.kind().split("_"); // device, stage, partition, address, source..., millis
                byTask.computeIfAbsent(event.pid() + "/" + fields[1] + "/" + fields[2], k -> new ArrayList<>()).add(fields);
            }
        }
        List<Task> tasks = new ArrayList<>();
        for (Map.Entry<String, List<String[]>> entry : byTask.entrySet()) {
            String[] key = entry.getKey().split("/");
            Set<String> addresses = new HashSet<>();
            Set<String> sources = new HashSet<>();
            long first = Long.MAX_VALUE;
            long last = Long.MIN_VALUE;
            for (String[] fields : entry.getValue()) {
                addresses.add(fields[3]);
                sources.add(String.join("_", java.util.Arrays.copyOfRange(fields, 4, fields.length - 1)));
                long millis = Long.parseLong(fields[fields.length - 1]);
                first = Math.min(first, millis);
                last = Math.max(last, millis);
            }
            tasks.add(new Task(Long.parseLong(key[0]), Integer.parseInt(key[1]), Integer.parseInt(key[2]), addresses, sources, first, last));
        }
        return tasks;
    }
}
