package dev.weir.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** The running continuous queries, for SHOW QUERIES and CANCEL QUERY. */
public final class ContinuousQueryRegistry {
    private final Map<String, ContinuousQuery> running = new ConcurrentHashMap<>();

    void add(ContinuousQuery query) {
        running.put(query.id(), query);
    }

    public Optional<ContinuousQuery> find(String id) {
        return Optional.ofNullable(running.get(id));
    }

    public void remove(String id) {
        running.remove(id);
    }

    /** Running queries, oldest first; finished ones are dropped from the registry here. */
    public List<ContinuousQuery> running() {
        running.values().removeIf(q -> q.isDone() || q.isCancelled());
        List<ContinuousQuery> list = new ArrayList<>(running.values());
        list.sort((a, b) -> Long.compare(number(a.id()), number(b.id())));
        return list;
    }

    private static long number(String id) {
        try {
            return Long.parseLong(id.substring(1));
        } catch (NumberFormatException e) {
            return Long.MAX_VALUE;
        }
    }

    void cancelAll() {
        running.values().forEach(ContinuousQuery::cancel);
        running.clear();
    }
}
