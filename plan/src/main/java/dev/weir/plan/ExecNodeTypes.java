package dev.weir.plan;

import java.util.List;
import java.util.Optional;

/** The {@link ExecNode} types and their {@link ExecNodeMetadata}. */
public final class ExecNodeTypes {
    private static final List<Class<?>> ALL = List.of(ExecNode.class.getPermittedSubclasses());

    private ExecNodeTypes() {}

    /** Every node type, in declaration order. */
    public static List<Class<?>> all() {
        return ALL;
    }

    /** The metadata of a node type; every type has it (a test checks). */
    public static ExecNodeMetadata metadataOf(Class<?> type) {
        ExecNodeMetadata metadata = type.getAnnotation(ExecNodeMetadata.class);
        if (metadata == null) {
            throw new IllegalStateException(type.getName() + " has no @ExecNodeMetadata");
        }
        return metadata;
    }

    /** The metadata of the node type named {@code name} ({@link ExecNodeMetadata#name}). */
    public static Optional<ExecNodeMetadata> metadataNamed(String name) {
        return ALL.stream()
                .map(ExecNodeTypes::metadataOf)
                .filter(m -> m.name().equals(name))
                .findFirst();
    }

    /**
     * @throws IllegalArgumentException if {@code version}, read from a plan, is not the version of
     *     the node type {@code metadata} describes
     */
    static void requireVersion(ExecNodeMetadata metadata, int version) {
        if (version != metadata.version()) {
            throw new IllegalArgumentException(
                    "The plan has a '"
                            + metadata.name()
                            + "' node of version "
                            + version
                            + "; this release reads version "
                            + metadata.version()
                            + ".");
        }
    }
}
