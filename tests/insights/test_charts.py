"""The hand-made SVG: well-formed, labelled for screen readers, round axes, no crowded labels (no database)."""

from __future__ import annotations

import xml.etree.ElementTree as ElementTree
from datetime import date, timedelta

from app.insights.charts import Column, Row, Series, bar_rows, column_chart, growth_chart, nice_ticks

SVG = "{http://www.w3.org/2000/svg}"


def _parse(markup: str) -> ElementTree.Element:
    return ElementTree.fromstring(str(markup))


def test_axes_use_round_steps() -> None:
    assert nice_ticks(0) == [0, 1]
    assert nice_ticks(3) == [0, 1, 2, 3]
    assert nice_ticks(41) == [0, 10, 20, 30, 40, 50]
    assert nice_ticks(1234) == [0, 500, 1000, 1500]
    assert nice_ticks(7, target=4) == [0, 2, 4, 6, 8]


def test_a_single_landing_is_not_a_wall_high_bar() -> None:
    svg = _parse(column_chart("one", "t", "d", [Column((1,), "Jan")], [Series("A", "#000")], y_label="y", x_label="x"))
    assert {"0", "1", "2", "3", "4"} <= {text.text for text in svg.iter(f"{SVG}text")}


def test_a_column_chart_is_accessible_and_escapes_text() -> None:
    columns = [Column((3, 1), "Jan", "2025", "Jan 14 <b>"), Column((0, 0), "", "", "Jan 21")]
    svg = _parse(
        column_chart(
            "demo",
            "Title & more",
            "Desc <x>",
            columns,
            [Series("A", "#000"), Series("B", "#111")],
            y_label="People",
            x_label="Date",
            show_values=True,
        )
    )
    assert svg.get("role") == "img" and svg.get("aria-labelledby") == "demo-wide-svg-title demo-wide-svg-desc"
    assert svg.find(f"{SVG}title").text == "Title & more" and svg.find(f"{SVG}desc").text == "Desc <x>"
    texts = [text.text for text in svg.iter(f"{SVG}text")]
    assert {"People", "Date", "Jan", "2025", "4"} <= set(texts)
    assert svg.get("viewBox") == "0 0 720 300"
    narrow = _parse(
        column_chart(
            "demo",
            "t",
            "d",
            columns,
            [Series("A", "#000"), Series("B", "#111")],
            y_label="People",
            x_label="Date",
            width=340,
        )
    )
    assert narrow.get("viewBox") == "0 0 340 300" and "chart-narrow" in narrow.get("class")


def test_month_labels_never_crowd_each_other() -> None:
    start = date(2021, 1, 5)
    columns = []
    for week in range(260):  # five years of weekly meetings
        day = start + timedelta(weeks=week)
        columns.append(Column((5, 1), f"{day:%b}" if day.day <= 7 else "", "", ""))
    svg = _parse(
        column_chart(
            "many", "t", "d", columns, [Series("A", "#000"), Series("B", "#111")], y_label="People", x_label="Date"
        )
    )
    xs = [float(text.get("x")) for text in svg.iter(f"{SVG}text") if text.get("y") == "253"]
    assert len(xs) > 10
    assert all(later - earlier >= 44 for earlier, later in zip(xs, xs[1:], strict=False))


def test_bars_put_their_count_inside_when_long_and_after_when_short() -> None:
    svg = _parse(
        bar_rows(
            "f",
            "t",
            "d",
            [Row("Proposed", 100, "100"), Row("Helped", 10, "10 · 10%", highlight=True)],
            category_label="Stage",
            value_label="Introductions",
        )
    )
    values = {text.text: text for text in svg.iter(f"{SVG}text") if text.text in ("100", "10 · 10%")}
    assert values["100"].get("text-anchor") == "end" and values["100"].get("fill") == "#ffffff"
    assert values["10 · 10%"].get("text-anchor") is None and values["10 · 10%"].get("x") == "7.8%"
    bars = list(svg.iter(f"{SVG}rect"))
    assert [bar.get("width") for bar in bars] == ["78%", "7.8%"]
    assert bars[0].get("fill") != bars[1].get("fill")  # the highlighted row stands out


def test_growth_is_a_step_line_from_joining_to_today() -> None:
    svg = _parse(
        growth_chart(
            "g",
            "t",
            "d",
            date(2025, 1, 1),
            date(2025, 3, 1),
            [(date(2025, 1, 15), 1), (date(2025, 2, 1), 3)],
            y_label="Connections",
            x_label="Since you joined",
        )
    )
    assert len(list(svg.iter(f"{SVG}circle"))) == 2
    assert {"Jan 1, 2025", "Mar 1, 2025", "Connections"} <= {text.text for text in svg.iter(f"{SVG}text")}
