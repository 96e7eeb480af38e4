"""Render the README's screenshots from the real window (offscreen).

    python tools/screenshots.py docs/screenshots

Builds a temporary library with the seed article, marks claims of several
verdicts through the same controller the window's actions use, and saves:
window.png, window-dark.png (the same window under the dark Fusion palette),
claim-editor.png, empty-library.png.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QSettings  # noqa: E402
from PySide6.QtGui import QPalette  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from factcheck.core.claims import Source, Stance  # noqa: E402
from factcheck.store import Library  # noqa: E402
from factcheck.ui.app import create_application, open_window  # noqa: E402
from factcheck.ui.palettes import fusion_dark_palette, use_fusion  # noqa: E402
from factcheck.ui.settings import Preferences  # noqa: E402

CLAIMS = [
    ("Putin & I discussed forming an impenetrable Cyber Security unit", "Donald Trump", "2017-07-09",
     "Misleading", "in_review",
     "The two leaders did discuss a joint unit, but the President disowned the idea within 13 hours."),
    ("It's not the dumbest idea I've ever heard, but it's pretty close", "Lindsey Graham", "2017-07-09",
     "Opinion — not checkable", "approved", "A judgement, not a statement of fact: noted, not rated."),
    ("Russian operatives were the chief suspects behind a breach at power plants across the US",
     "The Independent", None, "Accurate", "approved",
     "US officials named Russian state hackers in the 2017 intrusions into energy-sector networks."),
    ("He vehemently denied it", "Donald Trump", "2017-07-09", None, "draft", ""),
    ("Mr Trump talked with Mr Putin for around two and a half hours at the G20 summit in Hamburg",
     "The Independent", "2017-07-07", "Mostly accurate", "draft",
     "The bilateral meeting ran about 2 hours 15 minutes according to the White House."),
    ("sanctions were not discussed", "Donald Trump", "2017-07-09", "Unverifiable", "draft", ""),
]


def build(out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp())
    app = create_application()
    prefs = Preferences(QSettings(str(work / "settings.ini"), QSettings.Format.IniFormat))
    prefs.update(reviewer_name="Sam Ortiz", organisation_name="The Daily Check",
                 organisation_url="https://check.example", default_scale="newsroom")

    library = Library.open(work / "library.db", user="Sam Ortiz")
    window = open_window(library, prefs)
    window.resize(1500, 1000)
    window.show()
    c = window.controller
    text = c.article.text
    ids = []
    for quote, claimant, date, verdict, status, rationale in CLAIMS:
        start = text.index(quote)
        window.article_panel.view.select_span(start, start + len(quote))
        window.mark_action.trigger()
        claim_id = window.claims_panel.selected_claim_id()
        for field, value in (("claimant", claimant), ("claim_date", date), ("verdict", verdict),
                             ("status", status), ("rationale", rationale)):
            if value:
                c.set_claim_field(claim_id, field, value)
        ids.append(claim_id)
    c.add_source(ids[0], Source(url="https://twitter.com/realDonaldTrump/status/884016887692713986",
                                title="“Putin & I discussed forming an impenetrable Cyber Security unit…”",
                                publisher="Twitter", date="2017-07-09", stance=Stance.SUPPORTS,
                                excerpt="The original post, 9 July 2017, 07:50 ET."))
    c.add_source(ids[0], Source(url="https://twitter.com/realDonaldTrump/status/884472800262623232",
                                title="“…doesn't mean I think it can happen. It can't”", publisher="Twitter",
                                date="2017-07-09", stance=Stance.REFUTES,
                                excerpt="Posted some 13 hours later, withdrawing the idea."))
    c.add_source(ids[0], Source(url="https://www.dni.gov/files/documents/ICA_2017_01.pdf",
                                title="Assessing Russian Activities and Intentions in Recent US Elections",
                                publisher="Office of the Director of National Intelligence", date="2017-01-06",
                                stance=Stance.CONTEXT))
    window.claims_panel.select_claim(ids[0])
    QApplication.processEvents()
    window.grab().save(str(out / "window.png"))
    window.editor.grab().save(str(out / "claim-editor.png"))
    light = QPalette(app.palette())
    use_fusion(app, fusion_dark_palette())  # the window follows, as it does when the desktop turns dark
    QApplication.processEvents()
    window.grab().save(str(out / "window-dark.png"))
    app.setPalette(light)
    window.close()
    library.close()

    empty = Library.open(work / "empty.db", user="Sam Ortiz")
    empty.set_property("seeded", "1")
    window = open_window(empty, Preferences(QSettings(str(work / "empty.ini"), QSettings.Format.IniFormat)))
    window.resize(1200, 700)
    window.show()
    QApplication.processEvents()
    window.grab().save(str(out / "empty-library.png"))
    window.close()
    empty.close()
    app.processEvents()


if __name__ == "__main__":
    build(Path(sys.argv[1] if len(sys.argv) > 1 else "docs/screenshots"))
