package dev.weir.executor.connector.log;

/**
 * When an append to a stream log is forced to disk before it is acknowledged. Whatever the policy,
 * an append's bytes reach the operating system before it returns, so an acknowledged append
 * survives a crash of Weir itself; the policies differ on a crash of the machine.
 */
public enum FsyncPolicy {
    /**
     * Every append is fsynced before it returns: an acknowledged row survives a power loss. The
     * default.
     */
    ALWAYS,
    /**
     * Appends are fsynced in the background every {@link LogConfig#fsyncIntervalMillis()}: a power
     * loss loses at most about that much of what was acknowledged. Many small appends cost one
     * fsync per interval instead of one each.
     */
    INTERVAL,
    /** The operating system writes back when it likes: fastest, least durable on power loss. */
    NEVER
}
