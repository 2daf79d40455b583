package io.sparkbolt.submit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/**
 * A stand-in for an MLflow tracking server: the part of MLflow's REST API (2.0) that the Java
 * client and MLFlowLogger use, over real HTTP on 127.0.0.1, keeping experiments, runs, parameters,
 * tags, metric histories and proxied artifacts in memory. It exists because no MLflow server can be
 * installed where these tests run (PyPI is out of reach and no mirror carries {@code mlflow});
 * against a real server ({@code mlflow server --backend-store-uri sqlite:///...}) the same test
 * queries would apply.
 */
final class TrackingServerStandIn implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpServer server;
    private final Map<String, ObjectNode> experiments = new LinkedHashMap<>();
    private final Map<String, RunRecord> runs = new LinkedHashMap<>();
    private final Map<String, byte[]> artifacts = new TreeMap<>();

    /** One run: its info, parameters, tags and every metric point. */
    static final class RunRecord {
        final ObjectNode info = JSON.createObjectNode();
        final Map<String, String> params = new LinkedHashMap<>();
        final Map<String, String> tags = new LinkedHashMap<>();
        final List<JsonNode> metrics = new ArrayList<>();
    }

    TrackingServerStandIn() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/api/2.0/", this::handle);
        server.start();
    }

    String uri() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    private synchronized void handle(HttpExchange exchange) throws IOException {
        try {
            String path = exchange.getRequestURI().getPath().substring("/api/2.0/".length());
            byte[] body = exchange.getRequestBody().readAllBytes();
            if (path.startsWith("mlflow-artifacts/artifacts/") && exchange.getRequestMethod().equals("PUT")) {
                artifacts.put(path.substring("mlflow-artifacts/artifacts/".length()), body);
                respond(exchange, 200, JSON.createObjectNode());
                return;
            }
            Map<String, String> query = query(exchange.getRequestURI().getRawQuery());
            JsonNode request = body.length == 0 ? JSON.createObjectNode() : JSON.readTree(body);
            respond(exchange, 200, answer(path, query, request));
        } catch (NotFound e) {
            respond(exchange, 404, JSON.createObjectNode().put("error_code", "RESOURCE_DOES_NOT_EXIST").put("message", e.getMessage()));
        } catch (RuntimeException e) {
            respond(exchange, 400, JSON.createObjectNode().put("error_code", "INVALID_PARAMETER_VALUE").put("message", String.valueOf(e)));
        }
    }

    private JsonNode answer(String path, Map<String, String> query, JsonNode request) {
        switch (path) {
            case "mlflow/experiments/get-by-name" -> {
                String name = query.get("experiment_name");
                return experiments.values().stream().filter(e -> e.get("name").asText().equals(name)).findFirst()
                        .map(e -> (JsonNode) JSON.createObjectNode().set("experiment", e))
                        .orElseThrow(() -> new NotFound("no experiment " + name));
            }
            case "mlflow/experiments/create" -> {
                String id = String.valueOf(experiments.size() + 1);
                experiments.put(id, JSON.createObjectNode().put("experiment_id", id).put("name", text(request, "name"))
                        .put("artifact_location", "mlflow-artifacts:/" + id).put("lifecycle_stage", "active"));
                return JSON.createObjectNode().put("experiment_id", id);
            }
            case "mlflow/runs/create" -> {
                RunRecord run = new RunRecord();
                String id = UUID.randomUUID().toString().replace("-", "");
                String experiment = text(request, "experiment_id");
                run.info.put("run_id", id).put("run_uuid", id).put("experiment_id", experiment).put("status", "RUNNING")
                        .put("start_time", request.path("start_time").asLong()).put("lifecycle_stage", "active")
                        .put("artifact_uri", "mlflow-artifacts:/" + experiment + "/" + id + "/artifacts")
                        .put("run_name", text(request, "run_name"));
                runs.put(id, run);
                return runJson(run);
            }
            case "mlflow/runs/get" -> {
                return runJson(run(query.get("run_id")));
            }
            case "mlflow/runs/log-batch" -> {
                RunRecord run = run(text(request, "run_id"));
                request.path("params").forEach(p -> {
                    String previous = run.params.putIfAbsent(p.get("key").asText(), p.get("value").asText());
                    if (previous != null && !previous.equals(p.get("value").asText())) {
                        throw new IllegalArgumentException("param " + p.get("key") + " changed"); // MLflow keeps parameters immutable
                    }
                });
                request.path("tags").forEach(t -> run.tags.put(t.get("key").asText(), t.get("value").asText()));
                request.path("metrics").forEach(run.metrics::add);
                return JSON.createObjectNode();
            }
            case "mlflow/runs/update" -> {
                RunRecord run = run(text(request, "run_id"));
                run.info.put("status", text(request, "status"));
                return JSON.createObjectNode().set("run_info", run.info);
            }
            case "mlflow/runs/search" -> {
                ArrayNode found = JSON.createArrayNode();
                List<String> wanted = new ArrayList<>();
                request.path("experiment_ids").forEach(id -> wanted.add(id.asText()));
                runs.values().stream().filter(r -> wanted.contains(r.info.get("experiment_id").asText())).forEach(r -> found.add(runJson(r).get("run")));
                return JSON.createObjectNode().set("runs", found);
            }
            case "mlflow/metrics/get-history" -> {
                RunRecord run = run(query.get("run_id"));
                ArrayNode points = JSON.createArrayNode();
                run.metrics.stream().filter(m -> m.get("key").asText().equals(query.get("metric_key"))).forEach(points::add);
                return JSON.createObjectNode().set("metrics", points);
            }
            default -> throw new NotFound("no endpoint " + path);
        }
    }

    private RunRecord run(String id) {
        RunRecord run = runs.get(id);
        if (run == null) {
            throw new NotFound("no run " + id);
        }
        return run;
    }

    private static JsonNode runJson(RunRecord run) {
        ObjectNode data = JSON.createObjectNode();
        ArrayNode params = data.putArray("params");
        run.params.forEach((k, v) -> params.addObject().put("key", k).put("value", v));
        ArrayNode tags = data.putArray("tags");
        run.tags.forEach((k, v) -> tags.addObject().put("key", k).put("value", v));
        ObjectNode result = JSON.createObjectNode();
        result.putObject("run").<ObjectNode>set("info", run.info).set("data", data);
        return result;
    }

    /** A request field, as the client may name it (snake_case, or protobuf's camelCase). */
    private static String text(JsonNode request, String snake) {
        JsonNode value = request.get(snake);
        if (value == null) {
            StringBuilder camel = new StringBuilder();
            boolean upper = false;
            for (char c : snake.toCharArray()) {
                if (c == '_') {
                    upper = true;
                } else {
                    camel.append(upper ? Character.toUpperCase(c) : c);
                    upper = false;
                }
            }
            value = request.get(camel.toString());
        }
        return value == null ? "" : value.asText();
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> query = new LinkedHashMap<>();
        if (raw != null) {
            for (String pair : raw.split("&")) {
                int eq = pair.indexOf('=');
                if (eq > 0) {
                    query.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8), URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
                }
            }
        }
        return query;
    }

    private static void respond(HttpExchange exchange, int status, JsonNode body) throws IOException {
        byte[] bytes = JSON.writeValueAsBytes(body);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }

    /** The artifacts uploaded through the server, by {@code <experiment>/<run>/artifacts/<path>}. */
    synchronized Map<String, byte[]> artifacts() {
        return new TreeMap<>(artifacts);
    }

    @Override
    public void close() {
        server.stop(0);
    }

    private static final class NotFound extends RuntimeException {
        NotFound(String message) {
            super(message);
        }
    }
}
