"""The SQLite engine reads one rating scale with queries about that scale alone (engine-specific: it counts SQL)."""

from factcheck.core.rating_scales import RatingScale, Verdict
from factcheck.store import SQLiteStore


def test_asking_for_one_scale_reads_only_that_scale():
    library = SQLiteStore.in_memory()
    for n in range(30):
        library.add_scale(RatingScale(f"desk-{n}", f"Desk {n}", tuple(Verdict(f"V{k}", "#336699")
                                                                      for k in range(100))))
    statements = []
    library.conn.set_trace_callback(statements.append)
    try:
        assert library.scale("desk-7").name == "Desk 7"
        assert library.scale(None).key == "newsroom"
    finally:
        library.conn.set_trace_callback(None)
    assert statements  # the callback saw the engine's queries
    assert not any("desk-3" in s or "ORDER BY builtin" in s for s in statements)
