"""Exports are written whole or not at all."""

import os

import pytest

from factcheck.io import files
from factcheck.io.files import write_atomically


def test_a_new_file_replaces_the_old_one_whole(tmp_path):
    target = tmp_path / "report.html"
    target.write_text("old report", encoding="utf-8")
    write_atomically(target, "new report ✓")
    assert target.read_text(encoding="utf-8") == "new report ✓"
    write_atomically(target, b"%PDF-1.4 bytes")
    assert target.read_bytes() == b"%PDF-1.4 bytes"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report.html"]


def test_a_disk_that_fills_up_mid_write_leaves_the_old_file_and_no_debris(tmp_path, monkeypatch):
    target = tmp_path / "report.pdf"
    target.write_bytes(b"the good old report")

    def full_disk(fd):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(files.os, "fsync", full_disk)
    with pytest.raises(OSError, match="No space left"):
        write_atomically(target, b"x" * 100_000)
    assert target.read_bytes() == b"the good old report"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report.pdf"]


def test_a_crash_before_the_rename_leaves_the_old_file(tmp_path, monkeypatch):
    target = tmp_path / "claims.csv"
    target.write_text("old", encoding="utf-8")

    def killed(src, dst):
        raise KeyboardInterrupt  # the process stops between writing and renaming

    monkeypatch.setattr(files.os, "replace", killed)
    with pytest.raises(KeyboardInterrupt):
        write_atomically(target, "new")
    assert target.read_text(encoding="utf-8") == "old"
    assert os.listdir(tmp_path) == ["claims.csv"]
