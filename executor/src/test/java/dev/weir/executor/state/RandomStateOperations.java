package dev.weir.executor.state;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weir.common.row.Row;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * Random operations on one backend, each result compared with a {@link TreeMap} model under
 * unsigned byte order. Expected scans are computed by filtering the model's bytes directly, not
 * with the backends' own prefix arithmetic, so the model is an independent oracle.
 */
final class RandomStateOperations {
    private static final String[] STRINGS = {
        "", "a", "a\0", "a\0b", "ab", "b", "é", "\uD83D\uDE00"
    };

    private final Random random;
    private final Function<Path, StateBackend> restore;
    private final UnaryOperator<Path> checkpointPath;
    private final TreeMap<byte[], Map.Entry<Row, Row>> model =
            new TreeMap<>(Arrays::compareUnsigned);
    private StateBackend backend;
    private KeyValueState<Row, Row> state;
    private int step;

    RandomStateOperations(
            long seed,
            Supplier<StateBackend> create,
            Function<Path, StateBackend> restore,
            UnaryOperator<Path> checkpointPath) {
        this.random = new Random(seed);
        this.restore = restore;
        this.checkpointPath = checkpointPath;
        this.backend = create.get();
        this.state = StateBackendContractTest.rows(backend, "model");
    }

    void run(int operations) {
        for (step = 0; step < operations; step++) {
            int dice = random.nextInt(1_000);
            if (dice < 350) {
                put();
            } else if (dice < 500) {
                delete();
            } else if (dice < 700) {
                Row key = key();
                assertThat(state.get(key)).as(what("get " + key)).isEqualTo(expectedValue(key));
            } else if (dice < 780) {
                prefix();
            } else if (dice < 860) {
                range();
            } else if (dice < 880) {
                assertThat(StateBackendContractTest.drain(state.all()))
                        .as(what("all"))
                        .isEqualTo(new ArrayList<>(model.values()));
            } else if (dice < 960) {
                iterateWhileWriting();
            } else if (dice < 998) {
                backend.flush();
            } else {
                checkpointAndRestore();
            }
        }
        assertThat(StateBackendContractTest.drain(state.all()))
                .as(what("final all"))
                .isEqualTo(new ArrayList<>(model.values()));
    }

    private String what(String operation) {
        return operation + " at step " + step;
    }

    /** Keys of one to three fields of fixed types, so that some are prefixes of others. */
    private Row key() {
        String s = random.nextInt(8) == 0 ? null : STRINGS[random.nextInt(STRINGS.length)];
        int arity = 1 + random.nextInt(3);
        if (arity == 1) {
            return Row.of(s);
        }
        Long l = random.nextInt(10) == 0 ? null : (long) random.nextInt(41) - 20;
        return arity == 2 ? Row.of(s, l) : Row.of(s, l, random.nextInt(3) - 1);
    }

    private Row value() {
        return random.nextBoolean()
                ? Row.of(random.nextLong())
                : Row.of("v" + random.nextInt(100), BigDecimal.valueOf(random.nextInt(), 3));
    }

    private static byte[] encode(Row row) {
        return RowCodec.INSTANCE.toBytes(row);
    }

    private Row expectedValue(Row key) {
        Map.Entry<Row, Row> e = model.get(encode(key));
        return e == null ? null : e.getValue();
    }

    private void put() {
        Row key = key();
        Row value = value();
        state.put(key, value);
        model.put(encode(key), Map.entry(key, value));
    }

    private void delete() {
        Row key = key();
        state.delete(key);
        model.remove(encode(key));
    }

    private void prefix() {
        Row key = key();
        Row prefix = Row.copyOf(key.asList().subList(0, random.nextInt(key.arity() + 1)));
        byte[] p = encode(prefix);
        List<Map.Entry<Row, Row>> expected = new ArrayList<>();
        for (Map.Entry<byte[], Map.Entry<Row, Row>> e : model.entrySet()) {
            if (e.getKey().length >= p.length
                    && Arrays.equals(e.getKey(), 0, p.length, p, 0, p.length)) {
                expected.add(e.getValue());
            }
        }
        assertThat(StateBackendContractTest.drain(state.prefix(prefix)))
                .as(what("prefix " + prefix))
                .isEqualTo(expected);
    }

    private void range() {
        Row from = key();
        Row to = key();
        byte[] f = encode(from);
        byte[] t = encode(to);
        List<Map.Entry<Row, Row>> expected = new ArrayList<>();
        for (Map.Entry<byte[], Map.Entry<Row, Row>> e : model.entrySet()) {
            if (Arrays.compareUnsigned(e.getKey(), f) >= 0
                    && Arrays.compareUnsigned(e.getKey(), t) < 0) {
                expected.add(e.getValue());
            }
        }
        assertThat(StateBackendContractTest.drain(state.range(from, to)))
                .as(what("range " + from + " " + to))
                .isEqualTo(expected);
    }

    /** Reads part of a scan, writes, reads on: the scan still gives the state at its creation. */
    private void iterateWhileWriting() {
        List<Map.Entry<Row, Row>> expected = new ArrayList<>(model.values());
        List<Map.Entry<Row, Row>> actual = new ArrayList<>();
        try (CloseableIterator<Map.Entry<Row, Row>> it = state.all()) {
            while (it.hasNext()) {
                actual.add(it.next());
                if (random.nextInt(4) == 0) {
                    if (random.nextBoolean()) {
                        put();
                    } else {
                        delete();
                    }
                }
            }
        }
        assertThat(actual).as(what("iteration while writing")).isEqualTo(expected);
    }

    private void checkpointAndRestore() {
        Path checkpoint = checkpointPath.apply(Path.of("cp-" + step));
        backend.checkpoint(checkpoint);
        backend.close();
        backend = restore.apply(checkpoint);
        state = StateBackendContractTest.rows(backend, "model");
    }
}
