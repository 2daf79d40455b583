package io.sparkbolt.submit.cluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * Where the real-cluster test learns what ran where: each event is an empty file
 * {@code <kind>@<pid>@<unique>} in a directory every JVM on this machine can write (driver and
 * executors are separate processes, so nothing in memory is shared).
 */
public final class ClusterEvents {
    private ClusterEvents() {
    }

    /** Records that {@code kind} happened in this JVM. */
    public static void record(String dir, String kind) {
        try {
            Files.createDirectories(Path.of(dir));
            Files.createFile(Path.of(dir, kind + "@" + ProcessHandle.current().pid() + "@" + UUID.randomUUID()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** One recorded event. */
    public record Event(String kind, long pid) {
    }

    /** The processes in which {@code kind} was recorded. */
    public static Set<Long> pids(List<Event> events, String kind) {
        return events.stream().filter(e -> e.kind().equals(kind)).map(Event::pid).collect(Collectors.toSet());
    }

    /** Everything recorded in {@code dir}. */
    public static List<Event> read(Path dir) throws IOException {
        List<Event> events = new ArrayList<>();
        try (var files = Files.list(dir)) {
            for (Path file : files.toList()) {
                String[] parts = file.getFileName().toString().split("@");
                events.add(new Event(parts[0], Long.parseLong(parts[1])));
            }
        }
        return events;
    }
}
