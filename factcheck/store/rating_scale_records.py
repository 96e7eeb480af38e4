"""The library's rating scales: the built-in ones kept in step, and those imported with bundles.

A part of each engine's store (a mixin over its connection and its edits; see
:mod:`factcheck.store.article_records`).
"""

from __future__ import annotations

from factcheck.core.rating_scales import DEFAULT_SCALE_KEY, RatingScale, Verdict, builtin_scales


class RatingScaleRecords:
    _SCALES_IN_ORDER = "rowid"  # the column that orders scales as they were added, in the engine's table
    def _sync_builtin_scales(self) -> None:
        with self._atomic():
            for scale in builtin_scales():
                if self._stored_scale(scale.key) != scale:
                    self._write_scale(scale, builtin=True)

    def _write_scale(self, scale: RatingScale, builtin: bool) -> None:
        """Store a scale: a new one is only added (all a shared library's reporter may do), one already
        here has its name and verdicts replaced."""
        if self.conn.execute("SELECT 1 FROM rating_scales WHERE key = ?", [scale.key]).fetchone():
            self.conn.execute("UPDATE rating_scales SET name = ?, builtin = ? WHERE key = ?",
                              [scale.name, int(builtin), scale.key])
            self.conn.execute("DELETE FROM verdicts WHERE rating_scale = ?", [scale.key])
        else:
            self.conn.execute("INSERT INTO rating_scales (key, name, builtin) VALUES (?, ?, ?)",
                              [scale.key, scale.name, int(builtin)])
        for position, verdict in enumerate(scale.verdicts):
            self.conn.execute(
                "INSERT INTO verdicts (rating_scale, position, label, color, definition, value)"
                " VALUES (?, ?, ?, ?, ?, ?)",
                [scale.key, position, verdict.label, verdict.color, verdict.definition, verdict.value],
            )

    def _stored_scale(self, key: str) -> RatingScale | None:
        row = self.conn.execute("SELECT name FROM rating_scales WHERE key = ?", [key]).fetchone()
        if row is None:
            return None
        verdicts = tuple(
            Verdict(label, color, definition, _number(value))
            for label, color, definition, value in self.conn.execute(
                "SELECT label, color, definition, value FROM verdicts"
                " WHERE rating_scale = ? ORDER BY position", [key])
        )
        return RatingScale(key=key, name=row[0], verdicts=verdicts)

    def scales(self) -> list[RatingScale]:
        """Every scale in the library: the built-in ones first, then those imported."""
        keys = [k for (k,) in self.conn.execute(
            f"SELECT key FROM rating_scales ORDER BY builtin DESC, {self._SCALES_IN_ORDER}")]
        return [self._stored_scale(key) for key in keys]

    def _scale_key(self, key: str | None) -> str:
        """``key`` if the library has that scale, else the default scale's key: :meth:`scale`'s key, found
        by key alone (one cheap query; the scale's verdicts are not read)."""
        for wanted in (key, DEFAULT_SCALE_KEY):
            if wanted and self.conn.execute("SELECT 1 FROM rating_scales WHERE key = ?", [wanted]).fetchone():
                return wanted
        return self.scales()[0].key

    def scale(self, key: str | None) -> RatingScale:
        """The scale with this key; the default scale for None or an unknown key."""
        for wanted in (key, DEFAULT_SCALE_KEY):  # read only the scale asked for: a library may hold many
            if wanted:
                stored = self._stored_scale(wanted)
                if stored is not None:
                    return stored
        return self.scales()[0]

    def add_scale(self, scale: RatingScale) -> str:
        """Store a scale that came with an imported bundle; return the key it is stored under.

        A scale identical to one already here is reused; a different scale whose
        key is taken is stored under a new key, so no existing verdicts change.
        """
        existing = {s.key: s for s in self.scales()}
        for stored in existing.values():
            if stored.name == scale.name and stored.verdicts == scale.verdicts:
                return stored.key
        key, n = scale.key, 2
        while key in existing:
            key, n = f"{scale.key}-{n}", n + 1
        with self._edit():
            self._write_scale(RatingScale(key, scale.name, scale.verdicts), builtin=False)
            self._changed(scales=True)
        return key


def _number(value):
    if value is None:
        return None
    return int(value) if float(value).is_integer() else float(value)
