package dev.weir.executor.connector.log;

/** When an append to a stream log is forced to disk before it is acknowledged. */
public enum FsyncPolicy {
    /** Every append is fsynced before INSERT returns: an acknowledged row survives a power loss. */
    ALWAYS,
    /**
     * Appends reach the OS before INSERT returns but are fsynced by the OS later: they survive a
     * crash of Weir, not of the machine. Much faster for many small INSERTs.
     */
    NEVER
}
