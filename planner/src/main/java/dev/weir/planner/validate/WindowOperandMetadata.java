package dev.weir.planner.validate;

import static org.apache.calcite.util.Static.RESOURCE;

import java.util.List;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlCallBinding;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlOperandCountRange;
import org.apache.calcite.sql.SqlOperator;
import org.apache.calcite.sql.type.SqlOperandCountRanges;
import org.apache.calcite.sql.type.SqlOperandMetadata;
import org.apache.calcite.sql.type.SqlTypeName;
import org.apache.calcite.sql.type.SqlTypeUtil;
import org.apache.calcite.sql.validate.SqlNameMatcher;

/**
 * Operands of a windowing table function whose arguments after the table and the time descriptor
 * are all intervals (CUMULATE: step, size, offset). Calcite's own metadata class cannot be reused:
 * its constructor is package-private.
 */
final class WindowOperandMetadata implements SqlOperandMetadata {
    private final List<String> paramNames;
    private final int mandatoryCount;

    WindowOperandMetadata(List<String> paramNames, int mandatoryCount) {
        this.paramNames = List.copyOf(paramNames);
        this.mandatoryCount = mandatoryCount;
    }

    @Override
    public List<RelDataType> paramTypes(RelDataTypeFactory typeFactory) {
        return paramNames.stream().map(n -> typeFactory.createSqlType(SqlTypeName.ANY)).toList();
    }

    @Override
    public List<String> paramNames() {
        return paramNames;
    }

    @Override
    public SqlOperandCountRange getOperandCountRange() {
        return SqlOperandCountRanges.between(mandatoryCount, paramNames.size());
    }

    @Override
    public boolean isOptional(int i) {
        return i >= mandatoryCount;
    }

    @Override
    public boolean checkOperandTypes(SqlCallBinding binding, boolean throwOnFailure) {
        SqlNode descriptor = binding.operand(1);
        boolean ok = descriptor.getKind() == SqlKind.DESCRIPTOR;
        if (ok) {
            requireDescriptorColumns(binding, (SqlCall) descriptor);
        }
        for (int i = 2; ok && i < binding.getOperandCount(); i++) {
            RelDataType type = binding.getOperandType(i);
            ok = SqlTypeUtil.isInterval(type);
        }
        if (!ok && throwOnFailure) {
            throw binding.newValidationSignatureError();
        }
        return ok;
    }

    /**
     * Every column the DESCRIPTOR names is one of the table's: Calcite derives the row type from it
     * next, and fails inside itself on a missing one.
     */
    private static void requireDescriptorColumns(SqlCallBinding binding, SqlCall descriptor) {
        RelDataType table = binding.getValidator().getValidatedNodeType(binding.operand(0));
        SqlNameMatcher names = binding.getValidator().getCatalogReader().nameMatcher();
        for (SqlNode operand : descriptor.getOperandList()) {
            if (operand instanceof SqlIdentifier id && names.field(table, id.getSimple()) == null) {
                throw binding.getValidator()
                        .newValidationError(id, RESOURCE.columnNotFound(id.getSimple()));
            }
        }
    }

    @Override
    public String getAllowedSignatures(SqlOperator op, String opName) {
        return opName
                + "(TABLE table_name, DESCRIPTOR(timecol), "
                + String.join(
                        ", ",
                        paramNames.subList(2, paramNames.size()).stream()
                                .map(
                                        n ->
                                                "datetime interval "
                                                        + n.toLowerCase(java.util.Locale.ROOT))
                                .toList())
                + ")";
    }
}
