"""File ▸ Export…: the desk's comments are left out of a report unless “Include the desk's comments” is ticked."""

from __future__ import annotations

import json

from factcheck.core.report import Organisation
from factcheck.operations import report_for
from factcheck.store import SQLiteStore
from factcheck.ui.export_dialog import ExportDialog

QUOTE = "Putin & I discussed forming an impenetrable Cyber Security unit"
COMMENT = "<b>Ask</b> the ministry & the embassy first."


def dialog_with_a_comment(window, mark, qtbot, library_path):
    claim_id = mark(window, QUOTE)
    colleague = SQLiteStore.open(library_path, user="Sam Ortiz")
    try:
        colleague.add_comment(claim_id, COMMENT)
        colleague.propose(claim_id, "Misleading", "No such unit was formed.")
    finally:
        colleague.close()
    article = window.controller.article
    dialog = ExportDialog(lambda options, fmt: report_for(window.library, article.id, options,
                                                          Organisation("The Daily Check"), fmt),
                          window.preferences, article.title, window)
    qtbot.addWidget(dialog)
    return dialog


def choose(dialog, key):
    dialog.format.setCurrentIndex(dialog.format.findData(key))


def shown(dialog) -> str:
    return dialog.preview.toPlainText()


def test_the_check_box_starts_off_and_means_something_to_reports_and_annotations_only(window, mark, qtbot,
                                                                                        library_path):
    dialog = dialog_with_a_comment(window, mark, qtbot, library_path)
    assert dialog.include_comments.text().replace("&", "") == "Include the desk's comments"
    assert not dialog.include_comments.isChecked()
    for key, offered in (("html", True), ("pdf", True), ("md", True), ("webannotation", True), ("csv", False),
                         ("claimreview", False), ("json", False)):
        choose(dialog, key)
        assert dialog.include_comments.isEnabled() is offered, key
        dialog.include_comments.setChecked(True)
        assert dialog.options().include_comments is offered, key
        dialog.include_comments.setChecked(False)


def test_the_preview_shows_the_chain_and_adds_the_comments_when_ticked(window, mark, qtbot, library_path):
    dialog = dialog_with_a_comment(window, mark, qtbot, library_path)
    choose(dialog, "html")
    qtbot.waitUntil(lambda: "Sam Ortiz" in shown(dialog), timeout=5000)  # the chain: proposed by Sam
    assert "the ministry" not in shown(dialog) and "Desk comments" not in shown(dialog)
    dialog.include_comments.setChecked(True)
    qtbot.waitUntil(lambda: "<b>Ask</b> the ministry & the embassy first." in shown(dialog), timeout=5000)
    choose(dialog, "md")
    qtbot.waitUntil(lambda: "**Desk comments**" in shown(dialog), timeout=5000)


def test_the_exported_file_follows_the_check_box(window, mark, qtbot, library_path, tmp_path):
    dialog = dialog_with_a_comment(window, mark, qtbot, library_path)
    choose(dialog, "webannotation")
    without, with_ = tmp_path / "without.jsonld", tmp_path / "with.jsonld"
    dialog.start_export(without)
    qtbot.waitUntil(lambda: dialog.written == str(without), timeout=10000)
    dialog.include_comments.setChecked(True)
    dialog.start_export(with_)
    qtbot.waitUntil(lambda: dialog.written == str(with_), timeout=10000)
    motivations = [[item["motivation"] for item in json.loads(path.read_text("utf-8"))["first"]["items"]]
                   for path in (without, with_)]
    assert motivations == [["assessing", "assessing"], ["assessing", "assessing", "commenting"]]
