"""Suggested sentences a reviewer dismissed, and what the desk's decisions teach the suggestions.

A part of each engine's store (see :mod:`factcheck.store.article_records` for what the
mixins ask of their engine). A dismissal is kept per article by its sentence's place
(code points, as the suggestion gave it) and words; an article's later revision may move
the sentence, so :mod:`factcheck.operations_suggestions` also leaves out any sentence
whose words were dismissed in that article.
"""

from __future__ import annotations

from factcheck.store.timestamps import now


class SuggestionRecords:
    def dismiss_suggestion(self, article_id: int, start: int, end: int, sentence: str) -> None:
        """Keep a suggested sentence from being suggested again in this article (one edit)."""
        with self._edit():
            self.article(article_id)  # KeyError for an article that is gone
            self.conn.execute(
                'INSERT INTO suggestion_dismissals (article_id, start, "end", sentence, dismissed_by, dismissed_at)'
                " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (article_id, start, \"end\") DO UPDATE SET"
                " sentence = excluded.sentence, dismissed_at = excluded.dismissed_at",
                [article_id, start, end, sentence, self.user, now()])
            self._changed(articles=[article_id])

    def undismiss_suggestion(self, article_id: int, start: int, end: int) -> None:
        """Suggest the sentence again (the undo of a dismissal)."""
        with self._edit():
            self.conn.execute('DELETE FROM suggestion_dismissals WHERE article_id = ? AND start = ? AND "end" = ?',
                              [article_id, start, end])
            self._changed(articles=[article_id])

    def dismissed_suggestions(self, article_id: int) -> dict[tuple[int, int], str]:
        """The article's dismissed sentences: (start, end) → the sentence as it was dismissed."""
        return {(start, end): sentence for start, end, sentence in self.conn.execute(
            'SELECT start, "end", sentence FROM suggestion_dismissals WHERE article_id = ?', [article_id])}

    def suggestion_feedback(self, limit: int = 5000) -> list[tuple[str, int]]:
        """What the desk decided, newest first: (the sentence a claim was marked in, 1), (a sentence dismissed, 0).

        A claim's sentence is read from its article's text around it (the sentences its words
        overlap, whole); an orphan, whose place is stale, is left out.
        """
        from factcheck.core.checkworthy import split_sentences  # loaded when the layer is fitted, not at start

        around = 400
        marked = self.conn.execute(
            "SELECT substr(a.text, CASE WHEN c.start > ? THEN c.start - ? ELSE 0 END + 1, c.\"end\" - c.start + ? * 2),"
            " CASE WHEN c.start > ? THEN ? ELSE c.start END, c.\"end\" - c.start, c.created_at"
            " FROM claims c JOIN articles a ON a.id = c.article_id WHERE c.placement <> 'orphan'"
            " ORDER BY c.created_at DESC, c.id DESC LIMIT ?", [around, around, around, around, around, limit]).fetchall()
        dismissed = self.conn.execute("SELECT sentence, dismissed_at FROM suggestion_dismissals"
                                      " ORDER BY dismissed_at DESC LIMIT ?", [limit]).fetchall()
        decided = [(at or "", _claimed_sentence(window, start, length, split_sentences), 1)
                   for window, start, length, at in marked]
        decided += [(at or "", text, 0) for text, at in dismissed]
        decided.sort(key=lambda row: row[0], reverse=True)
        return [(text, label) for _, text, label in decided[:limit]]

    def suggestion_feedback_count(self) -> int:
        """How many decisions :meth:`suggestion_feedback` would give (claims placed, dismissals), counted by the engine."""
        return sum(self.suggestion_decisions())

    def suggestion_decisions(self) -> tuple[int, int]:
        """The desk's decisions of each kind, counted by the engine: claims placed, suggestions dismissed."""
        marked = self.conn.execute("SELECT count(*) FROM claims WHERE placement <> 'orphan'").fetchone()[0]
        dismissed = self.conn.execute("SELECT count(*) FROM suggestion_dismissals").fetchone()[0]
        return marked, dismissed


def _claimed_sentence(window: str, start: int, length: int, split_sentences) -> str:
    """The sentences of ``window`` that the claim at ``start`` (``length`` code points) overlaps, joined."""
    end = start + length
    parts = [s.text for s in split_sentences(window) if s.start < end and start < s.end]
    return " ".join(parts) if parts else window[start:end]
