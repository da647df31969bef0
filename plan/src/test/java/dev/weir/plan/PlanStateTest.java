package dev.weir.plan;

import static dev.weir.common.type.ValueType.BIGINT;
import static dev.weir.common.type.ValueType.TIMESTAMP;
import static dev.weir.plan.Nodes.fields;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/**
 * A plan's state: slots for the nodes with state, in plan order, and when a checkpoint of one plan
 * restores into another.
 */
class PlanStateTest {
    private static final List<FieldSpec> TIMED =
            fields("bidtime", TIMESTAMP, "auction", BIGINT, "price", BIGINT);
    private static final List<FieldSpec> RESULT =
            fields(
                    "auction",
                    BIGINT,
                    "window_start",
                    TIMESTAMP,
                    "window_end",
                    TIMESTAMP,
                    "total",
                    BIGINT,
                    "bids",
                    BIGINT);

    /** source -> calc -> window aggregate -> calc, as the planner makes it today. */
    private static JobGraph planned(WindowSpec window) {
        return Nodes.graph(
                Nodes.bid(0),
                Nodes.calc(1, 0, TIMED, "out[0] = in[2]; ..."),
                Nodes.windowTotals(2, 1, window),
                Nodes.calc(3, 2, RESULT, "out[0] = in[0]; ..."));
    }

    @Test
    void slotsAreTheNodesWithStateInPlanOrderWithTheSlotsTheyRead() {
        PlanState state = PlanState.of(planned(Nodes.tumble(10_000)));
        assertThat(state.slots())
                .containsExactly(
                        new StateSlot(
                                0,
                                0,
                                "source",
                                1,
                                "stream=bid, time=bidtime, watermarkDelay=1000ms",
                                List.of()),
                        new StateSlot(
                                1,
                                2,
                                "window_aggregate",
                                2,
                                "window=TUMBLE(size=10000ms, offset=0ms), keys=[BIGINT],"
                                        + " calls=[SUM(BIGINT) -> BIGINT, COUNT(*) -> BIGINT],"
                                        + " emit=after watermark, allowedLateness=0ms",
                                List.of(List.of(0))));
        assertThat(state.result()).isEqualTo("rows=[BIGINT, TIMESTAMP, TIMESTAMP, BIGINT, BIGINT]");
        assertThat(state.slotOf(2)).isEqualTo(OptionalInt.of(1));
        assertThat(state.slotOf(1)).isEmpty();
        assertThat(state.restoreProblem(state)).isEmpty();
    }

    @Test
    void aPlannerChangeToNodesWithoutStateKeepsTheCheckpoint() {
        PlanState before = PlanState.of(planned(Nodes.tumble(10_000)));
        // Another planner: an extra projection below the aggregate (every id after it shifts),
        // other generated code, no calc at the root.
        JobGraph after =
                Nodes.graph(
                        Nodes.bid(0),
                        Nodes.calc(1, 0, fields("a", BIGINT, "p", BIGINT, "t", TIMESTAMP), "a"),
                        Nodes.calc(2, 1, TIMED, "b"),
                        Nodes.windowTotals(3, 2, Nodes.tumble(10_000)));
        PlanState state = PlanState.of(after);
        assertThat(state.slotOf(3)).isEqualTo(OptionalInt.of(1));
        assertThat(state.slots().get(1).node()).isEqualTo(3);
        assertThat(state.restoreProblem(before)).isEmpty();
    }

    @Test
    void aChangedStateLayoutIsRefusedSayingWhichSlotAndHow() {
        PlanState before = PlanState.of(planned(Nodes.tumble(10_000)));
        PlanState after = PlanState.of(planned(Nodes.tumble(20_000)));
        assertThat(after.restoreProblem(before))
                .contains(
                        "slot 1 ('window_aggregate') has the layout 'window=TUMBLE(size=10000ms,"
                                + " offset=0ms), keys=[BIGINT], calls=[SUM(BIGINT) -> BIGINT,"
                                + " COUNT(*) -> BIGINT], emit=after watermark, allowedLateness=0ms'"
                                + " in the checkpoint but 'window=TUMBLE(size=20000ms, offset=0ms),"
                                + " keys=[BIGINT], calls=[SUM(BIGINT) -> BIGINT, COUNT(*) ->"
                                + " BIGINT], emit=after watermark, allowedLateness=0ms' in this"
                                + " plan");
    }

    @Test
    void anotherNodeTypeOrNumberOfSlotsIsRefused() {
        PlanState windowed = PlanState.of(planned(Nodes.tumble(10_000)));
        JobGraph grouped =
                Nodes.graph(
                        Nodes.bid(0),
                        Nodes.calc(1, 0, TIMED, "c"),
                        new ExecNode.GroupAggregate(
                                2,
                                1,
                                fields("auction", BIGINT, "total", BIGINT, "bids", BIGINT),
                                List.of(1),
                                List.of(),
                                List.of(Nodes.sum(2), Nodes.countStar())));
        assertThat(PlanState.of(grouped).restoreProblem(windowed))
                .contains(
                        "slot 1 holds a 'window_aggregate' in the checkpoint but a"
                                + " 'group_aggregate' in this plan");
        JobGraph twice =
                Nodes.graph(
                        Nodes.bid(0),
                        Nodes.calc(1, 0, TIMED, "c"),
                        Nodes.windowTotals(2, 1, Nodes.tumble(10_000)),
                        new ExecNode.GroupAggregate(
                                3,
                                2,
                                fields("auction", BIGINT, "n", BIGINT),
                                List.of(0),
                                List.of(),
                                List.of(Nodes.countStar())));
        assertThat(PlanState.of(twice).restoreProblem(windowed))
                .contains(
                        "the checkpoint holds the state of [source, window_aggregate], this plan"
                                + " has [source, window_aggregate, group_aggregate]");
    }

    private static PlanState withSlot(PlanState state, int index, StateSlot slot) {
        List<StateSlot> slots = new ArrayList<>(state.slots());
        slots.set(index, slot);
        return new PlanState(slots, state.result());
    }

    @Test
    void stateOfANodeVersionThisReleaseDoesNotRestoreIsRefused() {
        PlanState current = PlanState.of(planned(Nodes.tumble(10_000)));
        StateSlot aggregate = current.slots().get(1);
        PlanState newer =
                withSlot(
                        current,
                        1,
                        new StateSlot(
                                1,
                                2,
                                "window_aggregate",
                                3,
                                aggregate.layout(),
                                aggregate.reads()));
        assertThat(current.restoreProblem(newer))
                .contains(
                        "slot 1 ('window_aggregate') was written by version 3 of its node type,"
                                + " newer than this release's version 2");
        PlanState older =
                withSlot(
                        current,
                        1,
                        new StateSlot(
                                1,
                                2,
                                "window_aggregate",
                                1,
                                aggregate.layout(),
                                aggregate.reads()));
        assertThat(current.restoreProblem(older))
                .contains(
                        "slot 1 ('window_aggregate') was written by version 1 of its node type;"
                                + " this release restores versions 2 to 2");
    }

    @Test
    void otherSlotsReadOrOtherResultRowsAreRefused() {
        PlanState current = PlanState.of(planned(Nodes.tumble(10_000)));
        StateSlot aggregate = current.slots().get(1);
        PlanState rewired =
                withSlot(
                        current,
                        1,
                        new StateSlot(
                                1,
                                2,
                                "window_aggregate",
                                2,
                                aggregate.layout(),
                                List.of(List.of())));
        assertThat(current.restoreProblem(rewired))
                .contains(
                        "slot 1 ('window_aggregate') reads the slots [[]] in the checkpoint but"
                                + " [[0]] in this plan");
        PlanState otherResult = new PlanState(current.slots(), "rows=[BIGINT]");
        assertThat(current.restoreProblem(otherResult))
                .contains(
                        "its result has rows=[BIGINT] where this plan's has rows=[BIGINT,"
                                + " TIMESTAMP, TIMESTAMP, BIGINT, BIGINT]");
    }

    @Test
    void aJoinReadsBothSidesSlotsThroughNodesWithoutState() {
        List<FieldSpec> bid = Nodes.bid(0).fields();
        List<FieldSpec> joined = new ArrayList<>(bid);
        joined.addAll(bid);
        JobGraph selfJoin =
                Nodes.graph(
                        Nodes.bid(0),
                        Nodes.bid(1),
                        new ExecNode.Union(2, List.of(0, 1), bid, ChangelogMode.INSERT_ONLY),
                        Nodes.bid(3),
                        Nodes.calc(4, 3, bid, "d"),
                        new ExecNode.Join(
                                5,
                                2,
                                4,
                                joined,
                                JoinKind.INNER,
                                List.of(0),
                                List.of(0),
                                List.of(false),
                                "",
                                "",
                                ChangelogMode.INSERT_ONLY,
                                false,
                                0));
        PlanState state = PlanState.of(selfJoin);
        assertThat(state.slots())
                .extracting(StateSlot::reads)
                .containsExactly(
                        List.of(), List.of(), List.of(), List.of(List.of(0, 1), List.of(2)));
        assertThat(state.slots()).extracting(StateSlot::node).containsExactly(0, 1, 3, 5);
    }

    @Test
    void slotsAreNumberedByTheirPlace() {
        StateSlot misplaced = new StateSlot(1, 0, "source", 1, "stream=bid", List.of());
        assertThatThrownBy(() -> new PlanState(List.of(misplaced), "rows=[]"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("slot 1 listed as the slot at 0");
        assertThat(
                        new PlanState(List.of(), "rows=[]")
                                .restoreProblem(new PlanState(List.of(), "rows=[]")))
                .isEqualTo(Optional.empty());
    }
}
