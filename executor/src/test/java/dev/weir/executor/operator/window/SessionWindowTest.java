package dev.weir.executor.operator.window;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The session merging rule alone: events at most one gap apart share a session. */
class SessionWindowTest {
    @Test
    void aLoneEventOpensOneGapEndingAtItsTimePlusTheGap() {
        assertThat(SessionWindow.of(100, 30)).isEqualTo(new SessionWindow(100, 130));
        assertThat(SessionWindow.of(-100, 30)).isEqualTo(new SessionWindow(-100, -70));
    }

    @Test
    void sessionsThatOverlapOrTouchMergeAndThoseApartDoNot() {
        SessionWindow s = SessionWindow.of(100, 30);
        assertThat(s.mergesWith(SessionWindow.of(129, 30))).isTrue(); // overlap
        assertThat(s.mergesWith(SessionWindow.of(130, 30))).isTrue(); // exactly one gap apart
        assertThat(s.mergesWith(SessionWindow.of(131, 30))).isFalse();
        assertThat(s.mergesWith(SessionWindow.of(70, 30))).isTrue(); // touches from before
        assertThat(s.mergesWith(SessionWindow.of(69, 30))).isFalse();
        assertThat(s.mergesWith(SessionWindow.of(110, 30))).isTrue(); // inside
        assertThat(SessionWindow.of(-10, 10).mergesWith(SessionWindow.of(0, 10))).isTrue();
        assertThat(SessionWindow.of(-11, 10).mergesWith(SessionWindow.of(0, 10))).isFalse();
    }

    @Test
    void coverSpansBoth() {
        assertThat(new SessionWindow(100, 130).cover(new SessionWindow(80, 110)))
                .isEqualTo(new SessionWindow(80, 130));
        assertThat(new SessionWindow(100, 130).cover(new SessionWindow(130, 160)))
                .isEqualTo(new SessionWindow(100, 160));
        // A session covering an event bridges two that were apart.
        SessionWindow left = SessionWindow.of(0, 10);
        SessionWindow right = SessionWindow.of(20, 10);
        SessionWindow bridge = SessionWindow.of(10, 10);
        assertThat(left.mergesWith(right)).isFalse();
        assertThat(bridge.mergesWith(left) && bridge.mergesWith(right)).isTrue();
        assertThat(bridge.cover(left).cover(right)).isEqualTo(new SessionWindow(0, 30));
    }

    @Test
    void theGapMustBePositive() {
        assertThatThrownBy(() -> SessionWindow.of(0, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("SESSION gap must be positive, not 0 ms");
    }
}
