package dev.weir.parser.ddl;

import dev.weir.common.error.Errors;
import dev.weir.parser.Positions;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlIntervalLiteral;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlLiteral;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlOperator;
import org.apache.calcite.sql.SqlSpecialOperator;
import org.apache.calcite.sql.SqlWriter;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.apache.calcite.sql.type.SqlTypeFamily;
import org.apache.calcite.util.ImmutableNullableList;

/**
 * The EMIT clause: how (stream or table) and when (after the watermark, after a delay) a query's
 * results are realized.
 *
 * <p>The spelling is normalized: {@code EMIT CHANGES} is {@code EMIT STREAM}, {@code EMIT FINAL}
 * and {@code EMIT ON WINDOW CLOSE} are {@code EMIT STREAM AFTER WATERMARK}, and both orders of
 * {@code AFTER WATERMARK AND AFTER DELAY} are one clause. So two clauses that mean the same are
 * equal trees, and unparsing writes the canonical form.
 */
public final class SqlEmit extends SqlCall {
    public static final SqlOperator OPERATOR = new SqlSpecialOperator("EMIT", SqlKind.OTHER);

    private final boolean stream;
    private final boolean afterWatermark;
    private final SqlLiteral delay;
    private final SqlLiteral snapshot;
    private final SqlLiteral allowedLateness;

    private SqlEmit(
            SqlParserPos pos,
            boolean stream,
            boolean afterWatermark,
            SqlLiteral delay,
            SqlLiteral snapshot,
            SqlLiteral allowedLateness) {
        super(pos);
        if (!stream && !afterWatermark && delay == null) {
            throw new IllegalArgumentException("an EMIT clause says STREAM or AFTER something");
        }
        this.stream = stream;
        this.afterWatermark = afterWatermark;
        this.delay = delay;
        this.snapshot = snapshot;
        this.allowedLateness = allowedLateness;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Stream realization (every change pushed) rather than table realization (one answer). */
    public boolean isStream() {
        return stream;
    }

    /** Whether only results complete by the watermark are realized. */
    public boolean isAfterWatermark() {
        return afterWatermark;
    }

    /** The AFTER DELAY interval in milliseconds, if given. */
    public Optional<Long> delayMillis() {
        return Optional.ofNullable(delay).map(SqlEmit::millis);
    }

    /** {@code WITH (SNAPSHOT = ...)}, if given. */
    public Optional<Boolean> snapshot() {
        return Optional.ofNullable(snapshot).map(SqlLiteral::booleanValue);
    }

    /** {@code WITH (ALLOWED_LATENESS = ...)} in milliseconds, if given. */
    public Optional<Long> allowedLatenessMillis() {
        return Optional.ofNullable(allowedLateness).map(SqlEmit::millis);
    }

    private static long millis(SqlLiteral interval) {
        Long value = interval.getValueAs(Long.class);
        return value;
    }

    @Override
    public SqlOperator getOperator() {
        return OPERATOR;
    }

    @Override
    public List<SqlNode> getOperandList() {
        return ImmutableNullableList.of(
                Unparsing.flag(stream),
                Unparsing.flag(afterWatermark),
                delay,
                snapshot,
                allowedLateness);
    }

    @Override
    public void unparse(SqlWriter writer, int leftPrec, int rightPrec) {
        writer.newlineAndIndent();
        writer.keyword("EMIT");
        if (stream) {
            writer.keyword("STREAM");
        }
        if (afterWatermark) {
            writer.keyword("AFTER WATERMARK");
        }
        if (delay != null) {
            if (afterWatermark) {
                writer.keyword("AND");
            }
            writer.keyword("AFTER DELAY");
            delay.unparse(writer, 0, 0);
        }
        if (snapshot != null || allowedLateness != null) {
            writer.keyword("WITH");
            SqlWriter.Frame frame = writer.startList("(", ")");
            if (snapshot != null) {
                writer.sep(",");
                writer.keyword("SNAPSHOT =");
                snapshot.unparse(writer, 0, 0);
            }
            if (allowedLateness != null) {
                writer.sep(",");
                writer.keyword("ALLOWED_LATENESS =");
                allowedLateness.unparse(writer, 0, 0);
            }
            writer.endList(frame);
        }
    }

    /** Collects the parts of an EMIT clause as the grammar reads them, checking each. */
    public static final class Builder {
        private boolean stream;
        private boolean afterWatermark;
        private SqlLiteral delay;
        private SqlLiteral snapshot;
        private SqlLiteral allowedLateness;
        private final List<String> optionsSeen = new ArrayList<>();

        private Builder() {}

        public void stream() {
            stream = true;
        }

        public void afterWatermark() {
            afterWatermark = true;
        }

        public void delay(SqlNode interval) {
            delay = positiveDayTimeInterval(interval, "AFTER DELAY");
        }

        public void option(SqlIdentifier name, SqlNode value) {
            String key = name.getSimple().toUpperCase(Locale.ROOT);
            if (optionsSeen.contains(key)) {
                throw Errors.duplicateOption(Positions.of(name.getParserPosition()), key);
            }
            optionsSeen.add(key);
            switch (key) {
                case "SNAPSHOT" -> snapshot = booleanLiteral(value);
                case "ALLOWED_LATENESS" ->
                        allowedLateness = positiveDayTimeInterval(value, "ALLOWED_LATENESS");
                default ->
                        throw Errors.invalidOption(
                                Positions.of(name.getParserPosition()),
                                "Unknown EMIT option '"
                                        + name.getSimple()
                                        + "'; the options are SNAPSHOT and ALLOWED_LATENESS.");
            }
        }

        public SqlEmit build(SqlParserPos pos) {
            return new SqlEmit(pos, stream, afterWatermark, delay, snapshot, allowedLateness);
        }

        private static SqlLiteral booleanLiteral(SqlNode value) {
            if (value instanceof SqlLiteral literal
                    && literal.getTypeName().getFamily() == SqlTypeFamily.BOOLEAN
                    && literal.getValue() != null) {
                return literal;
            }
            throw Errors.invalidOption(
                    Positions.of(value.getParserPosition()),
                    "EMIT option SNAPSHOT takes TRUE or FALSE.");
        }

        private static SqlLiteral positiveDayTimeInterval(SqlNode value, String what) {
            if (value instanceof SqlIntervalLiteral literal
                    && literal.getTypeName().getFamily() == SqlTypeFamily.INTERVAL_DAY_TIME) {
                if (millis(literal) < 0) {
                    throw Errors.invalidOption(
                            Positions.of(value.getParserPosition()),
                            what + " takes an interval that is not negative.");
                }
                return literal;
            }
            throw Errors.invalidOption(
                    Positions.of(value.getParserPosition()),
                    what
                            + " takes a day-time interval literal such as INTERVAL '1' MINUTE;"
                            + " months and years have no fixed length.");
        }
    }
}
