"""Preferences and remembered window state (factcheck.ui.settings)."""


def test_reopening_the_last_article_leaves_the_settings_file_alone(preferences, tmp_path):
    settings_file = tmp_path / "settings.ini"
    preferences.set_last_article(3)
    preferences.settings.sync()

    def written():
        status = settings_file.stat()
        return status.st_ino, status.st_mtime_ns, settings_file.read_bytes()

    before = written()
    preferences.set_last_article(3)  # every start opens the article shown last time
    preferences.settings.sync()
    assert written() == before  # not written again (a rewrite before the first paint costs two fsyncs)

    preferences.set_last_article(4)
    preferences.settings.sync()
    assert written() != before
    assert preferences.last_article() == 4


def test_suggestions_turned_off_are_remembered_per_article_and_library_through_the_file(preferences, tmp_path):
    from PySide6.QtCore import QSettings

    from factcheck.ui import settings as module
    from factcheck.ui.settings import Preferences

    library, other = str(tmp_path / "desk.db"), "postgresql://desk@127.0.0.1/desk"
    preferences.set_suggestions_off(library, 7, True)
    preferences.settings.sync()
    again = Preferences(QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat))  # a list of one
    assert again.suggestions_off(library, 7)
    assert not again.suggestions_off(library, 8) and not again.suggestions_off(other, 7)  # new ones: on
    again.set_suggestions_off(other, 7, True)
    again.set_suggestions_off(library, 7, False)
    assert not again.suggestions_off(library, 7) and again.suggestions_off(other, 7)
    for article_id in range(module.SUGGESTIONS_OFF_KEPT + 5):  # the oldest forgotten, the latest kept
        again.set_suggestions_off(library, article_id, True)
    assert again.suggestions_off(library, module.SUGGESTIONS_OFF_KEPT + 4) and not again.suggestions_off(library, 0)
