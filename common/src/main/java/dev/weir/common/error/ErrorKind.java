package dev.weir.common.error;

/**
 * The kind of an error, which decides who must act: the user (fix the statement), the operator
 * (give the server more resources) or the developers (a bug).
 */
public enum ErrorKind {
    /** The statement or the data is wrong; codes 0 to 99,999. */
    USER(0),
    /** Weir itself failed; codes 100,000 to 199,999. */
    INTERNAL(100_000),
    /** A limit was reached: memory, disk, queue, time; codes 200,000 to 299,999. */
    RESOURCE(200_000);

    private final int firstCode;

    ErrorKind(int firstCode) {
        this.firstCode = firstCode;
    }

    /** The first code of this kind's range; a range holds 100,000 codes. */
    public int firstCode() {
        return firstCode;
    }

    /** Whether {@code code} lies in this kind's range. */
    public boolean contains(int code) {
        return code >= firstCode && code < firstCode + 100_000;
    }
}
