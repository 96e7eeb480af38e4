"""The revision dialog's cost on the window's thread for a plan with 2,000 claims whose wording changed.

Run by hand (never collected as a test)::

    /work/main/.venv/bin/python bench/revision_dialog.py

Prints the worker's part (the claims' list built as HTML, at most 100 wordings compared) and
the time to build the dialog on the UI thread, three times. Before the list moved to the worker
(and was capped), the dialog compared every wording on the UI thread.
"""
import os, sys, time
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
from PySide6.QtWidgets import QApplication
from factcheck.core.anchors import make_anchor
from factcheck.core.claims import Claim
from factcheck.core.reanchor import place_all
from factcheck.revision_plans import RevisionPlan

app = QApplication([])
N = 2000
sentences = [f"In district {i} the council said on Monday that it had built {1000 + i} new homes in the year to "
             f"March {i % 28 + 1}, more than in any year since 1970, a figure the opposition disputes because the "
             f"planning department counts conversions of offices and shops as new homes, and says so in its report."
             for i in range(N)]
old = "\n\n".join(sentences)
new = "\n\n".join(s.replace(" new homes", " affordable homes").replace("1970", "1968") for s in sentences)
claims, start = [], 0
for i, s in enumerate(sentences):
    claims.append(Claim(anchor=make_anchor(old, start, start + len(s)), article_id=1, id=i + 1, number=i + 1))
    start += len(s) + 2
placements = tuple(place_all(new, [c.anchor for c in claims], old_text=old))
plan = RevisionPlan(1, "A long story", 1, old, new, "bench", tuple(claims), placements)
print("counts", plan.counts())
from factcheck.ui import revision_dialog
from factcheck.ui.revision_dialog import RevisionDialog

prepared = {}
if hasattr(revision_dialog, "claims_html_for"):
    t = time.perf_counter()
    pal = app.palette()
    from PySide6.QtGui import QPalette
    prepared["claims_html"] = revision_dialog.claims_html_for(plan, pal.color(QPalette.ColorRole.Base).name(),
                                                               pal.color(QPalette.ColorRole.Text).name())
    print(f"worker part (HTML built off the UI thread): {time.perf_counter() - t:.3f} s")
times = []
for _ in range(3):
    t = time.perf_counter()
    dialog = RevisionDialog(plan, "", None, **prepared)
    times.append(time.perf_counter() - t)
    dialog.deleteLater()
print("UI thread, dialog built:", ", ".join(f"{x:.3f} s" for x in times))
