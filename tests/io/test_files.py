"""Exports are written whole or not at all."""

import os
import stat
from pathlib import Path

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


# ------------------------------------------------------------------- what the path names


def test_a_symlink_is_written_through_to_its_target_beside_the_target(tmp_path, monkeypatch):
    (tmp_path / "site").mkdir()
    (tmp_path / "out").mkdir()
    target = tmp_path / "site" / "target.html"
    target.write_text("last week's report", encoding="utf-8")
    link = tmp_path / "out" / "report.html"
    link.symlink_to(Path("..") / "site" / "target.html")
    renames = []
    real_replace = os.replace

    def watched_replace(src, dst):
        renames.append((Path(src), Path(dst)))
        real_replace(src, dst)

    monkeypatch.setattr(files.os, "replace", watched_replace)
    write_atomically(link, "this week's report")
    assert link.is_symlink() and os.readlink(link) == str(Path("..") / "site" / "target.html")
    assert target.read_text(encoding="utf-8") == "this week's report"
    [(temporary, renamed)] = renames
    assert temporary.parent == renamed.parent == target.parent  # one folder: the rename is atomic
    assert renamed.name == "target.html"
    assert os.listdir(tmp_path / "site") == ["target.html"]
    assert os.listdir(tmp_path / "out") == ["report.html"]


def test_a_chain_of_links_is_followed_to_the_file(tmp_path):
    target = tmp_path / "target.csv"
    target.write_text("old", encoding="utf-8")
    (tmp_path / "middle.csv").symlink_to("target.csv")
    (tmp_path / "claims.csv").symlink_to("middle.csv")
    write_atomically(tmp_path / "claims.csv", "new")
    assert target.read_text(encoding="utf-8") == "new"
    assert (tmp_path / "claims.csv").is_symlink() and (tmp_path / "middle.csv").is_symlink()


def test_a_dangling_link_whose_folder_exists_creates_its_target(tmp_path):
    link = tmp_path / "report.html"
    link.symlink_to("published/report-final.html")
    (tmp_path / "published").mkdir()
    write_atomically(link, "the report")
    assert link.is_symlink()
    assert (tmp_path / "published" / "report-final.html").read_text(encoding="utf-8") == "the report"
    assert os.listdir(tmp_path / "published") == ["report-final.html"]


def test_a_dangling_link_into_a_missing_folder_is_refused(tmp_path):
    link = tmp_path / "report.html"
    link.symlink_to(tmp_path / "gone" / "report.html")
    with pytest.raises(OSError) as caught:
        write_atomically(link, "the report")
    assert caught.value.strerror == (f"it is a link to {tmp_path / 'gone' / 'report.html'}, "
                                     "in a folder that does not exist: nothing was written")
    assert link.is_symlink() and not (tmp_path / "gone").exists()
    assert os.listdir(tmp_path) == ["report.html"]


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes here")
def test_a_named_pipe_is_refused_and_left_alone(tmp_path):
    fifo = tmp_path / "report.html"
    os.mkfifo(fifo)
    with pytest.raises(OSError) as caught:
        write_atomically(fifo, "the report")
    assert caught.value.strerror == "it is a named pipe, not a file: nothing was written"
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)
    assert os.listdir(tmp_path) == ["report.html"]


@pytest.mark.skipif(not Path("/dev/null").is_char_device(), reason="no /dev/null here")
def test_a_link_to_a_device_is_refused_and_the_device_left_alone(tmp_path):
    link = tmp_path / "report.html"
    link.symlink_to("/dev/null")
    before = os.stat("/dev/null")
    with pytest.raises(OSError) as caught:
        write_atomically(link, "the report")
    assert caught.value.strerror == "it is a device, not a file: nothing was written"
    assert link.is_symlink() and os.stat("/dev/null") == before
    assert os.listdir(tmp_path) == ["report.html"]


def test_a_folder_or_a_link_loop_is_refused(tmp_path):
    (tmp_path / "reports").mkdir()
    with pytest.raises(OSError) as caught:
        write_atomically(tmp_path / "reports", "the report")
    assert caught.value.strerror == "it is a folder, not a file: nothing was written"
    (tmp_path / "a.html").symlink_to("b.html")
    (tmp_path / "b.html").symlink_to("a.html")
    with pytest.raises(OSError) as caught:
        write_atomically(tmp_path / "a.html", "the report")
    assert caught.value.strerror == "it is a link that leads round in a circle, not a file: nothing was written"
    assert (tmp_path / "a.html").is_symlink() and (tmp_path / "b.html").is_symlink()
    assert sorted(os.listdir(tmp_path)) == ["a.html", "b.html", "reports"]
