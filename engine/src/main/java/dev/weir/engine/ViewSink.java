package dev.weir.engine;

import dev.weir.executor.runtime.ResultSink;

/** Where a materialized view's job puts its changes, on whichever runner it runs. */
interface ViewSink extends ResultSink {
    /** Why the view's job failed for good; null while it has not. */
    Throwable failure();
}
