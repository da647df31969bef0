package dev.weir.sqltests.console;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.weir.engine.Engine;
import dev.weir.server.http.Users;
import dev.weir.server.http.WeirHttpServer;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The console's JSON API over HTTP, as the page uses it: a script's results as JSON lines, errors
 * with code and position in the script, the running queries and the catalog, cancel, a client
 * leaving mid-stream (its query cancelled), and {@code --users}.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ConsoleApiTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private static Engine engine;
    private static WeirHttpServer server;
    private static WeirHttpServer guarded;
    private static String base;
    private static String guardedBase;

    @BeforeAll
    static void start() throws Exception {
        engine = Engine.inMemory();
        engine.executeScript(
                "CREATE STREAM clicks (page VARCHAR NOT NULL);"
                        + "CREATE TABLE category (id BIGINT NOT NULL, name VARCHAR, PRIMARY KEY"
                        + " (id));");
        server = new WeirHttpServer(engine);
        base = "http://127.0.0.1:" + server.start("127.0.0.1", 0);
        guarded = new WeirHttpServer(engine, Optional.of(Users.of(Map.of("ann", "s3cret"))));
        guardedBase = "http://127.0.0.1:" + guarded.start("127.0.0.1", 0);
    }

    @AfterAll
    static void stop() {
        server.close();
        guarded.close();
        engine.close();
    }

    private static HttpResponse<String> post(String path, String type, String body)
            throws Exception {
        return HTTP.send(
                HttpRequest.newBuilder(URI.create(base + path))
                        .header("Content-Type", type)
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> sql(String sql) throws Exception {
        return post(
                "/api/sql",
                "application/json",
                JSON.writeValueAsString(JSON.createObjectNode().put("sql", sql)));
    }

    private static HttpResponse<String> get(String url, String... headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url));
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void aScriptsResultsComeAsJsonLines() throws Exception {
        HttpResponse<String> response =
                sql(
                        "CREATE STREAM pages (url VARCHAR, n INT);\n"
                                + "INSERT INTO pages VALUES ('/a', 1), ('/b', NULL);\n"
                                + "SELECT url, n, n > 0 AS positive FROM pages ORDER BY url;");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("content-type"))
                .hasValue("application/x-ndjson; charset=UTF-8");
        assertThat(response.body().lines())
                .containsExactly(
                        "{\"type\":\"result\",\"statement\":1,\"kind\":\"update\",\"message\":\"Stream"
                                + " 'pages' created.\",\"count\":0}",
                        "{\"type\":\"result\",\"statement\":2,\"kind\":\"update\",\"message\":\"2"
                                + " row(s) appended.\",\"count\":2}",
                        "{\"type\":\"result\",\"statement\":3,\"kind\":\"rows\",\"columns\":["
                                + "{\"name\":\"url\",\"type\":\"VARCHAR\",\"numeric\":false},"
                                + "{\"name\":\"n\",\"type\":\"INTEGER\",\"numeric\":true},"
                                + "{\"name\":\"positive\",\"type\":\"BOOLEAN\",\"numeric\":false}]}",
                        "{\"type\":\"rows\",\"rows\":[[\"/a\",\"1\",true],[\"/b\",null,null]]}",
                        "{\"type\":\"done\",\"rows\":2,\"cancelled\":false}",
                        "{\"type\":\"end\"}");
        engine.execute("DROP STREAM pages");
    }

    @Test
    void errorsCarryCodeSqlStateAndTheirPositionInTheScript() throws Exception {
        // A statement that fails stops the script; its position is the script's.
        HttpResponse<String> failing = sql("SELECT 1;\n  SELECT nope FROM clicks;\nSELECT 2;");
        assertThat(failing.statusCode()).isEqualTo(200);
        List<String> lines = failing.body().lines().toList();
        assertThat(lines).hasSize(4).doesNotContain("{\"type\":\"end\"}");
        assertThat(lines.get(3))
                .isEqualTo(
                        "{\"error\":{\"message\":\"line 2:10: Column 'nope' not found in any"
                                + " table.\",\"code\":\"COLUMN_NOT_FOUND\",\"sqlState\":\"42S22\","
                                + "\"position\":{\"line\":2,\"column\":10,\"endLine\":2,"
                                + "\"endColumn\":13}},\"type\":\"error\"}");
        // A script that does not parse runs nothing: 400 and the error.
        HttpResponse<String> unparsable = sql("CREATE STREAM never (x INT);\nSELEC 1");
        assertThat(unparsable.statusCode()).isEqualTo(400);
        JsonNode error = JSON.readTree(unparsable.body()).get("error");
        assertThat(error.get("code").asText()).isEqualTo("SYNTAX_ERROR");
        assertThat(error.get("message").asText()).startsWith("line 2:1: Syntax error at 'SELEC'");
        assertThat(engine.catalog().find("never")).isEmpty();
        assertThat(sql("  ").body())
                .isEqualTo(
                        "{\"error\":{\"message\":\"There is no statement to run.\",\"code\":"
                                + "\"SYNTAX_ERROR\",\"sqlState\":\"42000\"}}");
    }

    @Test
    void onlyJsonBodiesArePostedSoOtherSitesCannotPostStatements() throws Exception {
        HttpResponse<String> form = post("/api/sql", "text/plain", "DROP TABLE category");
        assertThat(form.statusCode()).isEqualTo(415);
        assertThat(form.body())
                .isEqualTo("/api/sql takes a JSON body (Content-Type: application/json).\n");
        HttpResponse<String> wrongShape = post("/api/sql", "application/json", "{\"query\": 1}");
        assertThat(wrongShape.statusCode()).isEqualTo(400);
        assertThat(wrongShape.body())
                .isEqualTo("The body must be {\"sql\": \"...\"}, the statements to run.\n");
        assertThat(post("/api/queries/q1/cancel", "text/plain", "").statusCode()).isEqualTo(415);
        assertThat(engine.catalog().find("category")).isPresent();
    }

    @Test
    void aContinuousQueryStreamsUntilTheClientLeavesThenIsCancelled() throws Exception {
        HttpResponse<InputStream> response =
                HTTP.send(
                        HttpRequest.newBuilder(URI.create(base + "/api/sql"))
                                .header("Content-Type", "application/json")
                                .POST(
                                        HttpRequest.BodyPublishers.ofString(
                                                "{\"sql\": \"SELECT page FROM clicks EMIT"
                                                        + " STREAM\"}"))
                                .build(),
                        HttpResponse.BodyHandlers.ofInputStream());
        try (BufferedReader reader =
                new BufferedReader(
                        new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
            JsonNode start = JSON.readTree(reader.readLine());
            assertThat(start.get("kind").asText()).isEqualTo("continuous");
            String id = start.get("query").asText();
            assertThat(start.get("columns").findValuesAsText("name"))
                    .containsExactly("page", "undo", "ptime", "ver");
            assertThat(engine.continuousQueries().find(id)).isPresent();

            engine.execute("INSERT INTO clicks VALUES ('home')");
            JsonNode rows = JSON.readTree(reader.readLine());
            assertThat(rows.get("type").asText()).isEqualTo("rows");
            assertThat(rows.get("rows").get(0).get(0).asText()).isEqualTo("home");
            assertThat(rows.get("rows").get(0).get(1).asBoolean()).isFalse();

            // The figures the page shows for it.
            JsonNode queries = JSON.readTree(get(base + "/api/queries").body()).get("queries");
            JsonNode figures = queries.get(0);
            assertThat(figures.get("id").asText()).isEqualTo(id);
            assertThat(figures.get("sql").asText())
                    .isEqualTo("SELECT page FROM clicks EMIT STREAM");
            assertThat(figures.get("state").asText()).isEqualTo("RUNNING");
            assertThat(figures.get("rowsIn").asLong()).isEqualTo(1);
            assertThat(figures.get("rowsOut").asLong()).isEqualTo(1);
            assertThat(figures.get("persistent").asBoolean()).isFalse();
            assertThat(figures.has("watermark") && figures.has("lagMillis")).isTrue();
        }
        // The reader closed the connection: the query is cancelled, its job stopped.
        long deadline = System.currentTimeMillis() + 10_000;
        while (!engine.continuousQueries().running().isEmpty()
                && System.currentTimeMillis() < deadline) {
            Thread.sleep(20);
        }
        assertThat(engine.continuousQueries().running()).isEmpty();
    }

    @Test
    void cancelStopsAQueryAndSaysWhenThereIsNone() throws Exception {
        HttpResponse<InputStream> response =
                HTTP.send(
                        HttpRequest.newBuilder(URI.create(base + "/api/sql"))
                                .header("Content-Type", "application/json")
                                .POST(
                                        HttpRequest.BodyPublishers.ofString(
                                                "{\"sql\": \"SELECT page FROM clicks WHERE page ="
                                                        + " 'x' EMIT STREAM\"}"))
                                .build(),
                        HttpResponse.BodyHandlers.ofInputStream());
        try (BufferedReader reader =
                new BufferedReader(
                        new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
            String id = JSON.readTree(reader.readLine()).get("query").asText();
            HttpResponse<String> cancel =
                    post("/api/queries/" + id + "/cancel", "application/json", "{}");
            assertThat(cancel.statusCode()).isEqualTo(200);
            assertThat(JSON.readTree(cancel.body()).get("message").asText()).contains(id);
            // The stream ends, saying so.
            assertThat(reader.readLine())
                    .isEqualTo("{\"type\":\"done\",\"rows\":0,\"cancelled\":true}");
            assertThat(reader.readLine()).isEqualTo("{\"type\":\"end\"}");
            assertThat(reader.readLine()).isNull();
        }
        HttpResponse<String> none = post("/api/queries/q999/cancel", "application/json", "{}");
        assertThat(none.statusCode()).isEqualTo(400);
        assertThat(none.body())
                .isEqualTo(
                        "{\"error\":{\"message\":\"No running query has the id 'q999'; SHOW"
                                + " QUERIES lists them.\",\"code\":\"QUERY_NOT_FOUND\","
                                + "\"sqlState\":\"42704\"}}");
    }

    @Test
    void theCatalogListsEachKindWithColumns() throws Exception {
        HttpResponse<String> response = get(base + "/api/catalog");
        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode catalog = JSON.readTree(response.body());
        assertThat(catalog.get("streams").findValuesAsText("name")).contains("clicks");
        assertThat(catalog.get("tables").toString())
                .isEqualTo(
                        "[{\"name\":\"category\",\"columns\":[{\"name\":\"id\",\"type\":\"BIGINT\","
                                + "\"nullable\":false,\"extra\":\"PRIMARY KEY\"},{\"name\":\"name\","
                                + "\"type\":\"VARCHAR\",\"nullable\":true}]}]");
        assertThat(catalog.get("views").isArray()).isTrue();
        assertThat(catalog.get("materializedViews").isArray()).isTrue();
    }

    @Test
    void withUsersThePageAndTheApiNeedCredentials() throws Exception {
        for (String path : List.of("/", "/console/console.js", "/api/catalog", "/api/queries")) {
            HttpResponse<String> refused = get(guardedBase + path);
            assertThat(refused.statusCode()).as(path).isEqualTo(401);
            assertThat(refused.headers().firstValue("www-authenticate"))
                    .hasValue("Basic realm=\"weir\", charset=\"UTF-8\"");
        }
        String ann =
                "Basic "
                        + Base64.getEncoder()
                                .encodeToString("ann:s3cret".getBytes(StandardCharsets.UTF_8));
        HttpResponse<String> page = get(guardedBase + "/", "Authorization", ann);
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("content-type")).hasValue("text/html; charset=UTF-8");
        assertThat(page.headers().firstValue("content-security-policy"))
                .hasValue("default-src 'self'; img-src 'self' data:; frame-ancestors 'none'");
        assertThat(page.body()).contains("<title>Weir console</title>");
        assertThat(get(guardedBase + "/api/catalog", "Authorization", ann).statusCode())
                .isEqualTo(200);
        assertThat(get(guardedBase + "/console/nope.js", "Authorization", ann).statusCode())
                .isEqualTo(404);
    }
}
