"""Which files and addresses an import reads: files as named, folders walked, and what is left out, with why.

Reads no file: the readers do (:mod:`factcheck.io.article_readers`, :mod:`factcheck.io.bundle`,
:mod:`factcheck.io.claimreview_import`), chosen by :mod:`factcheck.operations`.
"""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass
from pathlib import Path

from factcheck.io.files import what_it_is


@dataclass(frozen=True)
class ImportFailure:
    source: str
    """The file or URL, as the user gave it."""
    message: str


def is_url(source: str) -> bool:
    return source.lower().startswith(("http://", "https://"))


def expand_sources(sources: list[str | Path], suffixes: tuple[str, ...]
                   ) -> tuple[list[str | Path], list[ImportFailure]]:
    """Files as given, folders as the files in them with one of ``suffixes`` (recursively, sorted), URLs as given.

    Also returns what was left out, each with the reason, for the import's summary: a
    named pipe or a device named as a file (reading one hangs, or never ends) and, in a
    folder, a named pipe, a link to anything but a file, and a link that leads out of the
    folder (a folder unpacked from someone else's archive must not pull in ``~/.ssh``).
    A link named by itself is followed: the user chose it.
    """
    expanded: list[str | Path] = []
    refused: list[ImportFailure] = []
    for source in sources:
        if isinstance(source, str) and is_url(source):
            expanded.append(source)
            continue
        path = Path(source)
        try:
            mode = path.stat().st_mode
        except OSError:  # missing or unreadable: reading it says so
            expanded.append(path)
            continue
        if stat.S_ISDIR(mode):
            found, skipped = _folder_files(path, suffixes)
            expanded.extend(found)
            refused.extend(skipped)
        elif stat.S_ISREG(mode):
            expanded.append(path)
        else:
            refused.append(ImportFailure(str(path), f"{path} is {what_it_is(mode)}, not a file: nothing was imported."))
    return expanded, refused


def _folder_files(folder: Path, suffixes: tuple[str, ...]) -> tuple[list[Path], list[ImportFailure]]:
    """The files in ``folder`` with one of ``suffixes`` (lower case) and its subfolders, and the entries skipped, with why.

    Linked folders are never walked (their files inside the folder are reached anyway,
    and a link back up would loop); a link to a folder outside is reported.
    """
    inside = Path(os.path.realpath(folder))
    found: list[Path] = []
    skipped: list[ImportFailure] = []

    def skip(entry: Path, reason: str) -> None:
        skipped.append(ImportFailure(str(entry), f"{entry} was skipped: {reason}."))

    for parent, subfolders, names in os.walk(folder):  # does not enter linked folders
        for name in sorted({*subfolders, *names}):
            entry = Path(parent) / name
            linked = entry.is_symlink()
            a_folder = name in subfolders  # a real one is walked; a linked one never is
            if name.startswith(".") or (a_folder and not linked) \
                    or (not a_folder and entry.suffix.lower() not in suffixes):
                continue
            target = Path(os.path.realpath(entry)) if linked else None  # a lstat per folder of the path: links only
            if target is not None and not target.is_relative_to(inside):
                skip(entry, f"it links to {'the folder ' if a_folder else ''}{target}, "
                            f"outside the folder being imported ({folder})")
                continue
            if a_folder:
                continue  # a link to a folder inside: its files are found where they are
            reason = _not_a_file(entry, target)
            if reason is None:
                found.append(entry)
            else:
                skip(entry, reason)
    return sorted(found), skipped


def _not_a_file(entry: Path, target: Path | None) -> str | None:
    """Why ``entry`` (a link to ``target``, when given) cannot be read as a file; None when it can."""
    what = f"it links to {target}, which" if target is not None else "it"
    try:
        mode = entry.stat().st_mode
    except FileNotFoundError:
        return f"{what} does not exist"
    except OSError as error:  # a link loop, a folder it may not enter
        return f"{what} cannot be opened ({error.strerror or error})"
    return None if stat.S_ISREG(mode) else f"{what} is {what_it_is(mode)}, not a file"
