"""The claims table asks Python less per painted cell and paints less per mark, and shows the same.

The sorting proxy answers every role of a cell in one call (``multiData``), the claims
model makes an index in one call, the panel's count and the ``#`` column's width are
kept rather than counted over every claim, and the header keeps a selection of its own
(a row selected no longer repaints it). Each must answer exactly what Qt's own way did.
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import QEvent, QModelIndex, QModelRoleData, QModelRoleDataSpan, QObject, Qt

from factcheck.core.anchors import make_anchor
from factcheck.core.claims import Claim, ClaimStatus
from factcheck.core.rating_scales import builtin_scales
from factcheck.ui.claims_model import ClaimIdRole, ClaimRole, ClaimsTableModel, SortKeyRole, VerdictColorRole
from factcheck.ui.claims_panel import ClaimsPanel

TEXT = "The mayor said crime fell. The council said it rose. Nobody checked the budget at all. " * 3
ROLES = [*range(0, 14), int(ClaimRole), int(ClaimIdRole), int(VerdictColorRole), int(SortKeyRole), 4242]


def newsroom():
    return next(s for s in builtin_scales() if s.key == "newsroom")


def claims() -> list[Claim]:
    verdicts = [v.label for v in newsroom().verdicts]
    made = []
    for n, start in enumerate(range(0, len(TEXT) - 30, 23)):
        made.append(Claim(anchor=make_anchor(TEXT, start, start + 17 + n % 9), article_id=1, id=100 + n,
                          number=n + 1, verdict=verdicts[n % len(verdicts)] if n % 3 else None,
                          claimant="Mayor" if n % 2 else "", status=list(ClaimStatus)[n % 3]))
    return made


@pytest.fixture
def panel(qapp):
    model = ClaimsTableModel()
    model.reset(1, claims(), newsroom())
    panel = ClaimsPanel(model)
    panel.update_empty_state()  # as the window does: the table, not the "no claims" page
    return panel


def all_roles_at_once(proxy, index) -> list:
    datas = [QModelRoleData(role) for role in ROLES]
    for data in datas:
        proxy.multiData(index, QModelRoleDataSpan(data))  # one span a role: PySide takes a span of one
    return [data.data() for data in datas]


@pytest.mark.parametrize("column, order", [(-1, Qt.SortOrder.AscendingOrder),
                                           (ClaimsTableModel.VERDICT, Qt.SortOrder.DescendingOrder),
                                           (ClaimsTableModel.CLAIMANT, Qt.SortOrder.AscendingOrder)])
def test_every_role_of_every_cell_is_answered_as_data_answers_it(panel, column, order):
    proxy = panel.sorted
    proxy.sort(column, order)
    for row in range(proxy.rowCount()):
        for col in range(proxy.columnCount()):
            index = proxy.index(row, col)
            expected = [panel.model.data(proxy.mapToSource(index), role) for role in ROLES]
            assert all_roles_at_once(proxy, index) == expected
    assert all_roles_at_once(proxy, QModelIndex()) == [None] * len(ROLES)


def shown(panel, qtbot) -> None:
    qtbot.addWidget(panel)
    panel.resize(600, 400)
    panel.show()
    qtbot.waitExposed(panel)
    qtbot.wait(50)  # its first paint, and the layouts queued before it


def test_a_painted_cell_asks_once(panel, qtbot):
    calls, asked = [], []
    value, data = panel.model.value, panel.model.data
    panel.model.value = lambda *args: calls.append(args) or value(*args)
    panel.model.data = lambda index, role: asked.append((index.row(), index.column(), role)) or data(index, role)
    shown(panel, qtbot)
    calls.clear()
    asked.clear()
    panel.table.viewport().repaint()
    cells = {(row, column) for row, column, _role in calls}
    assert len(cells) >= 4 * 5 - 5  # it painted the rows in view (the verdict chips ask on their own)
    assert len(calls) <= 7 * len(cells)  # the seven roles a delegate asks for, each answered once
    # Qt's own way asked data() once a role; now only a verdict chip asks, once, for its claim.
    assert {role for _row, _column, role in asked} <= {int(ClaimRole)}
    assert {column for _row, column, _role in asked} <= {ClaimsTableModel.VERDICT}


def test_an_index_is_made_as_qt_would_make_it(panel):
    model = panel.model
    rows, columns = model.rowCount(), model.columnCount()
    parent = model.index(0, 0)
    for row in (-1, 0, rows - 1, rows):
        for column in (-1, 0, columns - 1, columns):
            made = model.index(row, column)
            assert made.isValid() == model.hasIndex(row, column), (row, column)
            if made.isValid():
                assert (made.row(), made.column(), made.model()) == (row, column, model)
            assert not model.index(row, column, parent).isValid()


def test_the_count_and_the_highest_number_follow_every_change(panel):
    model = panel.model

    def counted():
        return (sum(1 for c in model.claims() if c.verdict), max((c.number or 0 for c in model.claims()), default=0))

    assert (model.rated_count(), model.highest_number()) == counted()
    first, last = model.claims()[0], model.claims()[-1]
    model.insert_claim(first.with_(id=999, number=140, verdict="False"))
    assert (model.rated_count(), model.highest_number()) == counted() == (counted()[0], 140)
    model.replace_claim(first.with_(verdict=None))
    model.replace_claim(last.with_(verdict="Accurate"))
    assert (model.rated_count(), model.highest_number()) == counted()
    model.remove_claim(999)
    model.remove_claim(last.id)
    assert (model.rated_count(), model.highest_number()) == counted()
    panel.update_empty_state()
    assert panel.count.text() == f"{counted()[0]} of {model.rowCount()} rated"
    model.reset(1, [], newsroom())
    assert (model.rated_count(), model.highest_number()) == (0, 0)


class Paints(QObject):
    count = 0

    def eventFilter(self, obj, event):  # noqa: N802 (Qt's name)
        if event.type() == QEvent.Type.Paint:
            self.count += 1
        return False


def test_choosing_another_claim_does_not_paint_the_header_again(panel, qtbot):
    shown(panel, qtbot)
    header = panel.table.horizontalHeader()
    paints = Paints(header)
    header.viewport().installEventFilter(paints)
    for claim in panel.model.claims()[:4]:
        panel.select_claim(claim.id)
        qtbot.wait(5)
        assert panel.selected_claim_id() == claim.id
    assert paints.count == 0
    panel.table.sortByColumn(ClaimsTableModel.VERDICT, Qt.SortOrder.AscendingOrder)  # sorting still works
    assert panel.sorted.sortColumn() == ClaimsTableModel.VERDICT
