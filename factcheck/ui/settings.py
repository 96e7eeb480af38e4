"""Preferences and remembered window state, kept with QSettings apart from the library.

Preferences are what the user chose (reviewer name, organisation, default
scale, the claims view's saved filters); window state is what the window
remembers (geometry, splitters, column widths). Tests
and benchmarks hand in a QSettings on a temporary file.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from PySide6.QtCore import QByteArray, QSettings

from factcheck.core.rating_scales import DEFAULT_SCALE_KEY
from factcheck.locations import settings_path

if TYPE_CHECKING:
    from factcheck.core.report import Organisation

PAGE_SIZES = ("A4", "Letter")
CLAIMS_FILTERS_KEY = "claims_view_filters"
SUGGESTIONS_OFF_KEY = "view/suggestions_off"
"""The articles whose suggestions the reviewer turned off (View ▸ Show Suggestions), as "id@library" entries."""
SUGGESTIONS_OFF_KEPT = 1000
"""How many such articles are remembered, the latest turned off kept."""
"""Where the claims view's saved filters are kept (preferences/…), as JSON."""

log = logging.getLogger(__name__)


def open_settings() -> QSettings:
    """The settings file of :func:`factcheck.locations.settings_path`, shared with the CLI."""
    return QSettings(str(settings_path()), QSettings.Format.IniFormat)


class Preferences:
    def __init__(self, settings: QSettings) -> None:
        self.settings = settings

    def _get(self, key: str, default: str = "") -> str:
        value = self.settings.value(f"preferences/{key}", default)
        return value if isinstance(value, str) else default

    def _set(self, key: str, value: str) -> None:
        self.settings.setValue(f"preferences/{key}", value)
        self.settings.sync()

    @property
    def reviewer_name(self) -> str:
        """The reviewer's name as they chose it ("" until they give one: never the login name)."""
        return self._get("reviewer_name").strip()

    @property
    def reviewer_name_setting(self) -> str:
        return self._get("reviewer_name")

    def set_reviewer_name(self, name: str) -> None:
        self._set("reviewer_name", name.strip())

    @property
    def organisation_name(self) -> str:
        return self._get("organisation_name")

    @property
    def organisation_url(self) -> str:
        return self._get("organisation_url")

    @property
    def default_scale(self) -> str:
        return self._get("default_scale", DEFAULT_SCALE_KEY)

    @property
    def page_size(self) -> str:
        size = self._get("page_size", "A4")
        return size if size in PAGE_SIZES else "A4"

    @property
    def max_import_mb(self) -> int:
        """The largest file or page an import accepts, in MB (default 20)."""
        try:
            return max(1, min(500, int(self._get("max_import_mb", "20"))))
        except ValueError:
            return 20

    @property
    def backups_keep(self) -> int:
        """How many rolling backups of the library to keep (default 10)."""
        try:
            return max(1, min(100, int(self._get("backups_keep", "10"))))
        except ValueError:
            return 10

    @property
    def snap_to_words(self) -> bool:
        """Whether a selection in the article widens to whole words before it is marked (default on)."""
        return self._get("snap_to_words", "true") != "false"

    def set_snap_to_words(self, on: bool) -> None:
        self._set("snap_to_words", "true" if on else "false")

    def set_backups_keep(self, value: int) -> None:
        self._set("backups_keep", str(int(value)))

    def set_max_import_mb(self, value: int) -> None:
        self._set("max_import_mb", str(int(value)))

    @property
    def organisation(self) -> Organisation:
        from factcheck.core.report import Organisation  # only for a report: the window starts without it

        return Organisation(self.organisation_name, self.organisation_url)

    def update(self, *, reviewer_name: str, organisation_name: str, organisation_url: str,
               default_scale: str, page_size: str | None = None) -> None:
        self._set("reviewer_name", reviewer_name)
        self._set("organisation_name", organisation_name)
        self._set("organisation_url", organisation_url)
        self._set("default_scale", default_scale)
        if page_size is not None:
            self._set("page_size", page_size)

    # ---------------------------------------------------- saved filters

    def saved_claims_filters(self) -> dict[str, dict]:
        """The claims view's saved filters, by name, in the order they were saved (each as JSON data).

        Kept as one JSON text under one key; a text that is not such JSON (a hand-edited
        file) reads as no saved filters, and is logged.
        """
        import json

        text = self._get(CLAIMS_FILTERS_KEY)
        if not text:
            return {}
        try:
            stored = json.loads(text)
        except ValueError:
            log.warning("the saved claims filters in %s are not JSON; none are offered", self.settings.fileName())
            return {}
        if not isinstance(stored, list):
            return {}
        return {item["name"]: item["filter"] for item in stored
                if isinstance(item, dict) and isinstance(item.get("name"), str) and isinstance(item.get("filter"), dict)}

    def set_saved_claims_filters(self, filters: dict[str, dict]) -> None:
        import json

        self._set(CLAIMS_FILTERS_KEY, json.dumps([{"name": name, "filter": value} for name, value in filters.items()],
                                                 ensure_ascii=False))

    # ------------------------------------------------------------ window

    def window_state(self, key: str) -> QByteArray | None:
        value = self.settings.value(f"window/{key}")
        return value if isinstance(value, QByteArray) else None

    def save_window_state(self, key: str, value: QByteArray) -> None:
        self.settings.setValue(f"window/{key}", value)

    def last_article(self) -> int | None:
        value = self.settings.value("window/last_article")
        try:
            return int(value) if value is not None else None
        except (TypeError, ValueError):
            return None

    def set_last_article(self, article_id: int) -> None:
        # Opening the article shown last time (every start) writes nothing: a QSettings value
        # set, even to what it was, rewrites the file (two fsyncs) before the first paint.
        if self.last_article() != article_id:
            self.settings.setValue("window/last_article", article_id)

    def suggestions_off(self, library: str, article: int | str) -> bool:
        """Whether the reviewer turned the suggestions off for this article (a new article has them on).

        ``article`` names it within the ``library`` for good (the window adds when it was imported to its id,
        which a library restored from a backup may give to another article).
        """
        return f"{article}@{library}" in self._suggestions_off()

    def set_suggestions_off(self, library: str, article: int | str, off: bool) -> None:
        entry = f"{article}@{library}"
        entries = [e for e in self._suggestions_off() if e != entry] + ([entry] if off else [])
        self.settings.setValue(SUGGESTIONS_OFF_KEY, entries[-SUGGESTIONS_OFF_KEPT:])
        self.settings.sync()  # a choice made, kept even if factcheck is killed before it closes

    def _suggestions_off(self) -> list[str]:
        value = self.settings.value(SUGGESTIONS_OFF_KEY, [])
        if isinstance(value, str):  # a list of one, as an INI file gives it back
            return [value] if value else []
        return [str(e) for e in value] if isinstance(value, list) else []
