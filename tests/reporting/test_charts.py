"""Chart axes read as people count: whole numbers at even steps, the top at least the largest
bar (the walk-through found ticks 0, 2, 5, 8, 10 and 0, 0, 0, 1, 1)."""

import pytest

from learning.reporting.charts import bar_chart, count_scale


@pytest.mark.parametrize(("largest", "ticks"), [
    (0, [0, 1]), (1, [0, 1]), (3, [0, 1, 2, 3]), (7, [0, 2, 4, 6, 8]), (10, [0, 5, 10]),
    (41, [0, 20, 40, 60]), (1234, [0, 500, 1000, 1500])])
def test_ticks_are_whole_even_steps_reaching_the_largest_value(largest, ticks):
    assert count_scale(largest) == ticks


def test_every_scale_is_sound_for_any_count():
    for largest in range(0, 5000):
        ticks = count_scale(largest)
        steps = {b - a for a, b in zip(ticks, ticks[1:], strict=False)}
        assert ticks[0] == 0 and ticks[-1] >= largest and len(steps) == 1, largest
        assert len(ticks) <= 5 and all(isinstance(t, int) for t in ticks), largest


def test_the_chart_labels_its_ticks_and_the_tallest_bar_fits():
    chart = bar_chart([("W1", 3, "3", False), ("W2", 10, "10", False)])
    assert [tick.text for tick in chart.ticks] == ["0", "5", "10"]
    assert max(bar.height for bar in chart.bars) <= chart.baseline
