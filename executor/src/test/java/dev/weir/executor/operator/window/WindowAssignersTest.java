package dev.weir.executor.operator.window;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class WindowAssignersTest {
    private static List<String> windows(WindowAssigner assigner, long time) {
        List<String> out = new ArrayList<>();
        assigner.assign(time, (start, end) -> out.add("[" + start + "," + end + ")"));
        return out;
    }

    @Test
    void tumbleIsHalfOpenAndAlignedAtTheOffset() {
        WindowAssigner tumble = WindowAssigners.tumble(10, 0);
        assertThat(windows(tumble, 0)).containsExactly("[0,10)");
        assertThat(windows(tumble, 9)).containsExactly("[0,10)");
        assertThat(windows(tumble, 10)).containsExactly("[10,20)");
        assertThat(windows(tumble, -1)).containsExactly("[-10,0)");
        assertThat(windows(WindowAssigners.tumble(10, 3), 12)).containsExactly("[3,13)");
        assertThat(windows(WindowAssigners.tumble(10, 3), 13)).containsExactly("[13,23)");
    }

    @Test
    void hopPutsARowInSizeOverSlideWindows() {
        WindowAssigner hop = WindowAssigners.hop(2, 10, 0);
        assertThat(windows(hop, 9))
                .containsExactly("[0,10)", "[2,12)", "[4,14)", "[6,16)", "[8,18)");
        assertThat(windows(hop, 10))
                .containsExactly("[2,12)", "[4,14)", "[6,16)", "[8,18)", "[10,20)");
        assertThat(windows(WindowAssigners.hop(5, 3, 0), 4)).isEmpty();
        assertThat(windows(WindowAssigners.hop(5, 3, 0), 6)).containsExactly("[5,8)");
        assertThat(windows(hop, -1))
                .containsExactly("[-10,0)", "[-8,2)", "[-6,4)", "[-4,6)", "[-2,8)");
    }

    @Test
    void cumulateGrowsFromOneStartBySteps() {
        WindowAssigner cumulate = WindowAssigners.cumulate(2, 6, 0);
        assertThat(windows(cumulate, 0)).containsExactly("[0,2)", "[0,4)", "[0,6)");
        assertThat(windows(cumulate, 3)).containsExactly("[0,4)", "[0,6)");
        assertThat(windows(cumulate, 5)).containsExactly("[0,6)");
        assertThat(windows(cumulate, 6)).containsExactly("[6,8)", "[6,10)", "[6,12)");
        assertThat(windows(WindowAssigners.cumulate(2, 6, 1), 1))
                .containsExactly("[1,3)", "[1,5)", "[1,7)");
    }
}
