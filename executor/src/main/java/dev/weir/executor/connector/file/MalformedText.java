package dev.weir.executor.connector.file;

/**
 * Thrown by the byte-level parsers when text is not a value of the type asked for; {@link
 * TextValues} turns it into the message a user sees, naming the text. It carries no stack trace: a
 * file full of bad rows should cost no more to skip than to read.
 */
final class MalformedText extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** What is wrong with the text. */
    enum Problem {
        /** Not a value of the type at all. */
        INVALID,
        /** Well formed, but outside what the type holds. */
        OUT_OF_RANGE,
        /** Neither {@code true} nor {@code false}. */
        NOT_A_BOOLEAN
    }

    private final Problem problem;

    MalformedText(Problem problem) {
        super(problem.name(), null, false, false);
        this.problem = problem;
    }

    static MalformedText invalid() {
        return new MalformedText(Problem.INVALID);
    }

    static MalformedText outOfRange() {
        return new MalformedText(Problem.OUT_OF_RANGE);
    }

    Problem problem() {
        return problem;
    }
}
