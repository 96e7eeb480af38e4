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
        """What the desk decided, newest first: (a claim's words, 1) for each claim marked, (sentence, 0) per dismissal."""
        marked = self.conn.execute("SELECT quote, created_at FROM claims ORDER BY created_at DESC, id DESC LIMIT ?",
                                   [limit]).fetchall()
        dismissed = self.conn.execute("SELECT sentence, dismissed_at FROM suggestion_dismissals"
                                      " ORDER BY dismissed_at DESC LIMIT ?", [limit]).fetchall()
        decided = [(at or "", text, 1) for text, at in marked] + [(at or "", text, 0) for text, at in dismissed]
        decided.sort(key=lambda row: row[0], reverse=True)
        return [(text, label) for _, text, label in decided[:limit]]
