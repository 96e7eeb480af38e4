"""The command line reads the window's preferences file exactly as QSettings wrote it."""

from hypothesis import given
from hypothesis import strategies as st
from PySide6.QtCore import QSettings

from factcheck.preferences_file import read_preferences


def write_with_qt(path, values: dict[str, str]) -> None:
    settings = QSettings(str(path), QSettings.Format.IniFormat)
    for key, value in values.items():
        settings.setValue(f"preferences/{key}", value)
    settings.sync()


def test_values_written_by_qsettings_read_back(tmp_path):
    values = {
        "organisation_name": "The Daily Check, Inc.",
        "organisation_url": "https://check.example/about?x=1&y=2",
        "review_url": "https://check.example/2017/cyber-unit",
        "reviewer_name": "Zoë “Z” Ortiz ; = @home",
        "page_size": "Letter",
        "odd": '@at the start, back\\slash and "quotes"',
    }
    write_with_qt(tmp_path / "s.ini", values)
    assert read_preferences(tmp_path / "s.ini") == values


@given(st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), max_size=40))
def test_any_printable_text_round_trips(tmp_path_factory, text):
    path = tmp_path_factory.mktemp("prefs") / "s.ini"
    write_with_qt(path, {"organisation_name": text})
    assert read_preferences(path).get("organisation_name", "") == text


def test_missing_or_garbage_file_reads_as_unset(tmp_path):
    assert read_preferences(tmp_path / "none.ini") == {}
    (tmp_path / "bad.ini").write_bytes(b"\xff\xfe\x00garbage[[[")
    assert read_preferences(tmp_path / "bad.ini") == {}
