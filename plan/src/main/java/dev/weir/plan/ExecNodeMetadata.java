package dev.weir.plan;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * What every {@link ExecNode} type says of itself, for the plan's JSON and for checkpoints (the
 * idea of Flink's {@code @ExecNodeMetadata}).
 *
 * <p>Bump {@link #version} whenever the node's JSON form or the meaning of its fields changes, and
 * whenever the state its operator keeps changes in encoding or meaning; raise {@link
 * #minStateVersion} to the new version when the operator can no longer restore the state an older
 * version wrote (the usual case: checkpoints holding it are then discarded and the query rebuilt
 * from its sources). {@code docs/plan.md} documents every version; a test keeps the two in step.
 */
@Documented
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
public @interface ExecNodeMetadata {
    /** The node type's stable name: its {@code "op"} in the plan's JSON. Never reused. */
    String name();

    /** The version of the node type, from 1. */
    int version();

    /** The oldest version of this node type whose checkpointed state this version restores. */
    int minStateVersion();
}
