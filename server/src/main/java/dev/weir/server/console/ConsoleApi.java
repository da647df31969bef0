package dev.weir.server.console;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.weir.common.error.ErrorCode;
import dev.weir.common.error.WeirException;
import dev.weir.engine.Caller;
import dev.weir.engine.ContinuousQuery;
import dev.weir.engine.Engine;
import dev.weir.engine.ResultColumn;
import dev.weir.engine.StatementResult;
import dev.weir.planner.catalog.CatalogObject;
import dev.weir.planner.catalog.ColumnDef;
import dev.weir.planner.catalog.MaterializedViewDef;
import dev.weir.planner.catalog.StreamDef;
import dev.weir.planner.catalog.TableDef;
import dev.weir.planner.catalog.ViewDef;
import dev.weir.server.monitor.RunningQuery;
import java.io.IOException;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The console's JSON answers that are not streams: the catalog with its columns, the running
 * queries with their live figures, and cancelling one.
 */
public final class ConsoleApi {
    private final Engine engine;

    public ConsoleApi(Engine engine) {
        this.engine = engine;
    }

    /**
     * The SQL of a {@code POST /api/sql} body, {@code {"sql": "..."}}.
     *
     * @throws IllegalArgumentException saying what is wrong with the body
     */
    public static String sqlOf(byte[] body) {
        JsonNode sql;
        try {
            sql = ConsoleJson.MAPPER.readTree(body).path("sql");
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("The body is not JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new IllegalArgumentException("The body cannot be read: " + e.getMessage());
        }
        if (!sql.isTextual()) {
            throw new IllegalArgumentException(
                    "The body must be {\"sql\": \"...\"}, the statements to run.");
        }
        return sql.asText();
    }

    /** An answer: HTTP status and a JSON body. */
    public record Answer(int status, byte[] body) {}

    /** {@code GET /api/catalog}: streams, tables, views and materialized views, by name. */
    public Answer catalog() {
        ObjectNode catalog = ConsoleJson.object();
        ArrayNode streams = catalog.putArray("streams");
        ArrayNode tables = catalog.putArray("tables");
        ArrayNode views = catalog.putArray("views");
        ArrayNode materialized = catalog.putArray("materializedViews");
        List<CatalogObject> objects =
                engine.catalog().all().stream()
                        .sorted(Comparator.comparing(CatalogObject::name))
                        .toList();
        for (CatalogObject o : objects) {
            if (o instanceof StreamDef) {
                describe(o, streams.addObject());
            } else if (o instanceof TableDef) {
                describe(o, tables.addObject());
            } else if (o instanceof MaterializedViewDef) {
                describe(o, materialized.addObject());
            } else if (o instanceof ViewDef) {
                describe(o, views.addObject());
            }
        }
        return new Answer(200, ConsoleJson.bytes(catalog));
    }

    private static void describe(CatalogObject object, ObjectNode node) {
        node.put("name", object.name());
        ArrayNode columns = node.putArray("columns");
        for (ColumnDef c : object.columns()) {
            ObjectNode column =
                    columns.addObject()
                            .put("name", c.name())
                            .put("type", ResultColumn.of(c).sqlType())
                            .put("nullable", c.nullable());
            if (object instanceof StreamDef s && c.name().equals(s.watermarkColumn())) {
                column.put(
                        "extra",
                        "WATERMARK " + c.name() + " - " + s.watermarkDelayMillis() / 1000.0 + " s");
            } else if (object instanceof TableDef t && t.primaryKey().contains(c.name())
                    || object instanceof MaterializedViewDef m && m.key().contains(c.name())) {
                column.put("extra", "PRIMARY KEY");
            }
        }
    }

    /**
     * {@code GET /api/queries}: every running query with its SQL, state and figures: rows in and
     * out, watermark and its lag behind the wall clock, late rows, state size. The browser derives
     * throughput from successive answers.
     */
    public Answer queries() {
        Map<String, String> sql = new HashMap<>();
        for (ContinuousQuery q : engine.continuousQueries().running()) {
            sql.put(q.id(), q.sql());
        }
        // A persistent query's SQL is SHOW QUERIES' (CREATE MATERIALIZED VIEW ... AS ...).
        if (!engine.persistentQueries().isEmpty()
                && engine.execute("SHOW QUERIES") instanceof StatementResult.Rows rows) {
            for (Object[] row : rows.rows()) {
                sql.putIfAbsent((String) row[0], (String) row[1]);
            }
        }
        long now = System.currentTimeMillis();
        ObjectNode answer = ConsoleJson.object().put("now", now);
        ArrayNode list = answer.putArray("queries");
        for (RunningQuery q : RunningQuery.all(engine)) {
            ObjectNode node =
                    list.addObject()
                            .put("id", q.id())
                            .put("sql", sql.getOrDefault(q.id(), ""))
                            .put("persistent", q.persistent())
                            .put("state", q.state())
                            .put("rowsIn", q.rowsIn())
                            .put("rowsOut", q.rowsOut())
                            .put("lateRowsDropped", q.lateRowsDropped())
                            .put("stateBytes", q.stateBytes());
            OptionalLong watermark = q.watermarkMillis();
            if (watermark.isPresent()) {
                node.put(
                        "watermark",
                        ConsoleJson.text(
                                watermark.getAsLong(), dev.weir.common.type.ValueType.TIMESTAMP));
                node.put("lagMillis", now - watermark.getAsLong());
            } else {
                node.putNull("watermark");
                node.putNull("lagMillis");
            }
        }
        return new Answer(200, ConsoleJson.bytes(answer));
    }

    /**
     * {@code POST /api/queries/{id}/cancel}: CANCEL QUERY for {@code caller}, with its answer (or
     * its error, e.g. no such query, or another user's).
     */
    public Answer cancel(String id, Caller caller) {
        try {
            StatementResult result =
                    engine.execute("CANCEL QUERY '" + id.replace("'", "''") + "'", caller);
            String message =
                    result instanceof StatementResult.Update u ? u.message() : "Cancelled.";
            return new Answer(200, ConsoleJson.bytes(ConsoleJson.object().put("message", message)));
        } catch (WeirException e) {
            // The position would be in the CANCEL statement made here, which nobody typed.
            WeirException unplaced = new WeirException(e.code(), Optional.empty(), e.rawMessage());
            int status = e.code() == ErrorCode.INSUFFICIENT_PRIVILEGE ? 403 : 400;
            return new Answer(status, ConsoleJson.bytes(ConsoleJson.error(unplaced)));
        }
    }
}
