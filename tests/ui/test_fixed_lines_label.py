"""The claim editor's quote and verdict definition: fixed lines, cut with an ellipsis, the whole in the tooltip."""

from factcheck.ui.widgets import FixedLinesLabel

LONG = "“" + " ".join(["The council said unemployment fell by three per cent last year"] * 6) + "”"


def test_a_long_quote_is_cut_to_three_lines_and_a_short_one_kept_whole(qtbot):
    box = FixedLinesLabel()
    qtbot.addWidget(box)
    box.resize(300, 10)
    box.show()
    box.set_full_text(LONG)
    shown = box.text()
    assert shown.endswith("…") and len(shown) < len(LONG) and LONG.startswith(shown[:-1].rstrip())
    assert box.toolTip() == LONG and box.full_text() == LONG
    box.set_full_text("“Short”")
    assert box.text() == "“Short”" and box.toolTip() == ""


def test_its_height_does_not_follow_the_quote(qtbot):
    box = FixedLinesLabel()
    qtbot.addWidget(box)
    box.resize(300, 10)
    box.show()
    heights = set()
    for quote in ("“One”", LONG, "“Two lines, perhaps, when the box is narrow enough to wrap it”"):
        box.set_full_text(quote)
        heights.add(box.height())
    assert len(heights) == 1 and heights.pop() >= 3 * box.fontMetrics().lineSpacing()
