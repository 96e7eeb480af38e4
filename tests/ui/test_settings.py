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
