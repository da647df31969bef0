package dev.weir.server.avatica;

import dev.weir.engine.ResultColumn;
import dev.weir.planner.prepare.StatementDescription.ColumnOrigin;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.calcite.avatica.AvaticaParameter;
import org.apache.calcite.avatica.ColumnMetaData;
import org.apache.calcite.avatica.Meta;

/**
 * Avatica's signature of a statement: its result columns (with the table each reads, where it reads
 * one unchanged) and its parameters, which {@code PreparedStatement.getParameterMetaData()} and the
 * client's {@code setXxx} methods go by.
 */
final class Signatures {
    private Signatures() {}

    static Meta.Signature of(
            String sql,
            List<ResultColumn> columns,
            List<ResultColumn> parameters,
            List<Optional<ColumnOrigin>> origins) {
        List<ColumnMetaData> metadata = new ArrayList<>();
        for (int i = 0; i < columns.size(); i++) {
            Optional<ColumnOrigin> origin = i < origins.size() ? origins.get(i) : Optional.empty();
            metadata.add(JdbcTypes.column(i, columns.get(i), origin));
        }
        List<AvaticaParameter> params = new ArrayList<>();
        for (ResultColumn p : parameters) {
            params.add(
                    new AvaticaParameter(
                            p.type().isNumeric(),
                            JdbcTypes.columnSize(p),
                            JdbcTypes.decimalDigits(p),
                            JdbcTypes.sqlType(p.type()),
                            JdbcTypes.bareTypeName(p.type()),
                            JdbcTypes.className(p.type()),
                            p.name()));
        }
        return Meta.Signature.create(
                metadata,
                sql,
                params,
                Meta.CursorFactory.ARRAY,
                columns.isEmpty() ? Meta.StatementType.OTHER_DDL : Meta.StatementType.SELECT);
    }
}
