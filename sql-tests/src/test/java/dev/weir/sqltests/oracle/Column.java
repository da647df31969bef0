package dev.weir.sqltests.oracle;

/** A column of a generated stream or table. */
record Column(String name, Expr.Type type, int scale, boolean nullable) {
    /** The column as an expression, qualified by {@code alias}. */
    Expr ref(String alias) {
        String name = alias + "." + this.name;
        return new Expr(name, name, type, scale, false);
    }

    String weirType() {
        return switch (type) {
            case INT -> "INT";
            case DECIMAL -> "DECIMAL(" + (scale == 3 ? 8 : 10) + ", " + scale + ")";
            case DOUBLE -> "DOUBLE";
            case VARCHAR, CHAR -> "VARCHAR";
            case BOOLEAN -> "BOOLEAN";
            case TIMESTAMP -> "TIMESTAMP(3)";
            case DATE -> "DATE";
        };
    }

    String duckType() {
        return switch (type) {
            case TIMESTAMP -> "TIMESTAMP";
            case INT -> "INTEGER";
            default -> weirType();
        };
    }
}
