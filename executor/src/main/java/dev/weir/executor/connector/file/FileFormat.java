package dev.weir.executor.connector.file;

import dev.weir.common.error.ErrorCode;
import dev.weir.common.error.WeirException;
import java.util.Locale;
import java.util.Optional;

/** How a file's records are written. */
public enum FileFormat {
    /** RFC 4180; columns in declared order; an empty unquoted field is NULL. */
    CSV,
    /** One JSON object per line; keys match column names case-insensitively. */
    JSON;

    public static FileFormat of(String name) {
        try {
            return valueOf(name.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new WeirException(
                    ErrorCode.INVALID_OPTION,
                    Optional.empty(),
                    "Option 'format' must be 'csv' or 'json', not '" + name + "'.");
        }
    }
}
