from observatoire.site.charts import HEIGHT, MARGIN_BOTTOM, MARGIN_TOP, line_chart


def test_no_data_no_chart():
    assert line_chart(x_labels=[], series={}) is None
    assert line_chart(x_labels=["a"], series={"x": [None]}) is None


def test_ranks_are_drawn_with_the_first_on_top_and_gaps_skipped():
    chart = line_chart(
        x_labels=["août", "sept.", "oct."],
        series={"Instagram": [3, None, 1]},
        invert=True,
        minimum=1,
        integer=True,
    )
    (series,) = chart.series
    assert len(series.dots) == 2
    first_y, last_y = float(series.dots[0][1]), float(series.dots[1][1])
    assert last_y == MARGIN_TOP and first_y == HEIGHT - MARGIN_BOTTOM
    assert [label for _y, label in chart.y_ticks] == ["1", "2", "3"]
    assert "," in series.points and "oct. : 1" in series.dots[1][2]


def test_coordinates_are_plain_decimals_whatever_the_locale():
    chart = line_chart(x_labels=["a", "b", "c"], series={"s": [1.5, 2.25, 1000000]})
    for x, y, _title in chart.series[0].dots:
        float(x), float(y)
