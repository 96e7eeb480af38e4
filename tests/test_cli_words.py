"""The window's usual command line is read without argparse, exactly as argparse reads it."""

from __future__ import annotations

import argparse

import pytest
from hypothesis import given
from hypothesis import strategies as st

from factcheck.cli import parse_arguments, window_parser
from factcheck.cli_args import global_options_first, plain_window_words

WORDS = ["--db", "--db=lib.db", "--db=", "lib.db", "postgresql://desk@127.0.0.1:5432/desk", "a.html", "b c.txt",
         "-", "--", "-x", "--version", "--help", "--d", "https://example.org/a", "é.md", "--db=-x"]


@given(st.lists(st.sampled_from(WORDS), max_size=6))
def test_the_plain_reading_is_argparse_s_wherever_it_answers(argv):
    words = global_options_first(argv)
    plain = plain_window_words(words)
    if plain is None:
        return  # argparse reads it (help, the version, options, "--", a usage error)
    assert vars(plain) == {**vars(window_parser().parse_args(words)), "command": None}


@pytest.mark.parametrize("argv", [[], ["--db", "lib.db"], ["a.html", "--db", "lib.db"], ["--db=x.db", "a.html", "b.md"],
                                  ["--db", "postgresql://desk@127.0.0.1:5432/desk"]])
def test_the_usual_lines_are_read_without_argparse(argv):
    assert plain_window_words(global_options_first(argv)) is not None
    assert parse_arguments(argv).command is None


@pytest.mark.parametrize("argv", [["--help"], ["--version"], ["-x"], ["--", "-file.txt"], ["--db"], ["--db", "-x"]])
def test_options_and_odd_lines_are_left_to_argparse(argv):
    assert plain_window_words(global_options_first(argv)) is None


def test_a_shared_library_s_address_stays_text_and_a_file_is_a_path():
    assert plain_window_words(["--db", "postgresql://desk@h/d"]).db == "postgresql://desk@h/d"
    assert isinstance(plain_window_words(["--db", "lib.db"]).db, type(window_parser().parse_args(["--db", "x"]).db))
    assert isinstance(plain_window_words([]), argparse.Namespace)
