package dev.weir.executor.state;

import dev.weir.common.error.ErrorCode;
import dev.weir.common.error.WeirException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * One factory per message about state on disk. Every message names the file or directory at fault
 * and says what to do, because the reader is an operator at a console, not the code's author.
 */
public final class StateErrors {
    private StateErrors() {}

    /**
     * The state in a directory is of another format than this release's. A newer one (a higher
     * number after the same prefix) is said to be newer; anything else is an older or foreign one.
     * Either way it is refused rather than misread: STATE_FORMAT_UNSUPPORTED.
     */
    public static WeirException formatMismatch(Path formatFile, String found, String expected) {
        boolean newer = versionOf(found) > versionOf(expected);
        return new WeirException(
                ErrorCode.STATE_FORMAT_UNSUPPORTED,
                Optional.empty(),
                "The state format file '"
                        + formatFile
                        + "' says '"
                        + found
                        + "'"
                        + (newer ? ", written by a newer release of Weir," : "")
                        + " but this Weir reads only '"
                        + expected
                        + "'. Start the Weir release that wrote it, or delete the directory '"
                        + formatFile.getParent()
                        + "' to rebuild the state from the sources.");
    }

    /** The number at the end of {@code weir-state-<n>}, or -1. */
    private static long versionOf(String format) {
        int dash = format.lastIndexOf('-');
        try {
            return Long.parseLong(format.substring(dash + 1));
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    public static WeirException formatMissing(Path directory, String formatFile) {
        return corrupted(
                "The directory '"
                        + directory
                        + "' holds RocksDB files but no '"
                        + formatFile
                        + "' file, so Weir cannot tell which release wrote it. Point Weir at"
                        + " another directory, or delete this one to rebuild the state from the"
                        + " sources.",
                null);
    }

    public static WeirException cannotOpen(Path directory, Throwable cause) {
        return corrupted(
                "Cannot open the state in '"
                        + directory
                        + "': "
                        + cause.getMessage()
                        + ". Check that no other Weir process uses the directory and that it is"
                        + " readable and writable.",
                cause);
    }

    /** {@code path}: the checkpoint's directory, or the file in it that is at fault. */
    public static WeirException checkpointUnreadable(Path path, String reason, Throwable cause) {
        return corrupted(
                "Cannot restore state from the checkpoint '"
                        + path
                        + "': "
                        + reason
                        + ". Restore from an older checkpoint, or delete the checkpoint to rebuild"
                        + " the state from the sources.",
                cause);
    }

    public static WeirException restoreTargetNotEmpty(Path directory) {
        return corrupted(
                "Cannot restore state into '"
                        + directory
                        + "': the directory is not empty. Restore into a new directory, or delete"
                        + " this one first.",
                null);
    }

    /**
     * RocksDB could not write or flush the state in {@code directory} for want of space: a full
     * disk, or its space limit ({@code RocksDbDisk}). DISK_FULL, as for a stream log on a full
     * disk.
     */
    public static WeirException diskFull(Path directory, Throwable cause) {
        return new WeirException(
                ErrorCode.DISK_FULL,
                Optional.empty(),
                "Cannot write the state in '"
                        + directory
                        + "': "
                        + cause.getMessage()
                        + ". Free disk space: a materialized view or INSERT ... SELECT whose state"
                        + " this is resumes from its last checkpoint once there is room.",
                cause);
    }

    private static WeirException corrupted(String message, Throwable cause) {
        return new WeirException(ErrorCode.STATE_CORRUPTED, Optional.empty(), message, cause);
    }
}
