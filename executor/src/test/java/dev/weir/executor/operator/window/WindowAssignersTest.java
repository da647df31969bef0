package dev.weir.executor.operator.window;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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

    @Test
    void negativeTimesAndOffsetsUseTheFloorNotTheTruncation() {
        assertThat(windows(WindowAssigners.tumble(10, 0), -10)).containsExactly("[-10,0)");
        assertThat(windows(WindowAssigners.tumble(10, 0), -11)).containsExactly("[-20,-10)");
        assertThat(windows(WindowAssigners.tumble(10, -3), -4)).containsExactly("[-13,-3)");
        assertThat(windows(WindowAssigners.hop(5, 10, 2), -1)).containsExactly("[-8,2)", "[-3,7)");
        assertThat(windows(WindowAssigners.cumulate(2, 6, 0), -1)).containsExactly("[-6,0)");
        assertThat(windows(WindowAssigners.cumulate(2, 6, 0), -6))
                .containsExactly("[-6,-4)", "[-6,-2)", "[-6,0)");
    }

    @Test
    void hopAndCumulateOfOneStepAreTumbles() {
        for (long t = -25; t <= 25; t++) {
            assertThat(windows(WindowAssigners.hop(10, 10, 0), t))
                    .isEqualTo(windows(WindowAssigners.tumble(10, 0), t));
            assertThat(windows(WindowAssigners.cumulate(10, 10, 0), t))
                    .isEqualTo(windows(WindowAssigners.tumble(10, 0), t));
        }
    }

    @Test
    void everyWindowHoldsTheTimeAndNoOtherWindowDoes() {
        // HOP: exactly the windows [k*slide + offset, +size) that contain t, for a slide that
        // does not divide the size too.
        long slide = 3;
        long size = 7;
        long offset = 1;
        for (long t = -40; t <= 40; t++) {
            List<String> expected = new ArrayList<>();
            for (long start = -60 + offset; start <= 60; start += slide) {
                if (start <= t && t < start + size) {
                    expected.add("[" + start + "," + (start + size) + ")");
                }
            }
            assertThat(windows(WindowAssigners.hop(slide, size, offset), t))
                    .as("t=%d", t)
                    .isEqualTo(expected);
        }
    }

    @Test
    void badSizesAreRejected() {
        assertThatThrownBy(() -> WindowAssigners.tumble(0, 0))
                .hasMessage("TUMBLE size must be positive, not 0 ms");
        assertThatThrownBy(() -> WindowAssigners.cumulate(4, 10, 0))
                .hasMessage("CUMULATE size must be a whole number of steps, not 10/4");
    }
}
