"""Bylines: people's names kept, outlets, places, sections and job titles left out."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from factcheck.io.bylines import clean_byline


@pytest.mark.parametrize(("byline", "people"), [
    ("SPIEGEL ONLINE, Hamburg, Germany", ""),
    ("SPIEGEL ONLINE; Hamburg; Germany", ""),
    ("By Letters", ""),
    ("Editorial", ""),
    ("Reuters", ""),
    ("The Associated Press", ""),
    ("Dpa; AFP; Reuters", ""),
    ("HNN Staff", ""),
    ("staff", ""),
    ("newsroom@gazette.example", ""),
    ("By Jane Doe and John Smith", "Jane Doe, John Smith"),
    ("Jane Doe; John Smith; Jane Doe", "Jane Doe, John Smith"),
    ("Jane Doe, Staff Writer", "Jane Doe"),
    ("Sandee LaMotte, CNN", "Sandee LaMotte"),
    ("Meg Kinnard, Errin Haines, Associated Press", "Meg Kinnard, Errin Haines"),
    ("STEVE PEOPLES, AP National Political Writer", "STEVE PEOPLES"),
    ("Analysis by Chris Cillizza, CNN Editor-at-large", "Chris Cillizza"),
    ("Phil Helsel is a reporter", "Phil Helsel"),
    ("Tom Gillespie News reporter", "Tom Gillespie"),
    ("Ilana Muhlstein, MS, RDN", "Ilana Muhlstein"),
    ("Ursula von der Leyen", "Ursula von der Leyen"),
    ("Bashar al-Assad", "Bashar al-Assad"),
    ("Valéry Giscard d’Estaing", "Valéry Giscard d’Estaing"),
    ("Tomás Ó Briain & Aoife Ní Bhriain", "Tomás Ó Briain, Aoife Ní Bhriain"),
    ("Catherine", "Catherine"),  # a first name alone: kept, it may be a person
    ("習近平", "習近平"),  # a script without capitals: kept
    ("", ""),
])
def test_people_are_kept_and_the_rest_left_out(byline, people):
    assert clean_byline(byline) == people


def test_the_outlet_and_its_web_address_are_not_authors():
    assert clean_byline("LinkNaija", "LinkNaija news", "https://www.linknaija.com/a") == ""
    assert clean_byline("India Post News Weekly", "India Post") == ""
    assert clean_byline("Gazette Team", "Gazette") == ""
    assert clean_byline("Jane Doe; BBC", url="https://www.bbc.co.uk/news/1") == "Jane Doe"


CAPITALISED = st.builds(lambda first, rest: first + rest, st.sampled_from("ABCDEGHJKLMPRSTVWZÁÖŁ"),
                        st.text(alphabet="abcdeghiklmnorstuvyzéøñ", min_size=1, max_size=9))
NAMES = st.lists(CAPITALISED, min_size=2, max_size=3).map(" ".join).filter(
    lambda name: not any(word.casefold() in ("the", "and") for word in name.split()))


@given(st.lists(NAMES, min_size=1, max_size=4, unique=True), st.sampled_from([", ", "; ", " and ", " & "]),
       st.booleans())
def test_a_byline_of_full_names_keeps_every_name(names, separator, by):
    from factcheck.io.bylines import NOT_NAME_WORDS

    names = [n for n in names if not any(w.casefold() in NOT_NAME_WORDS for w in n.split())] or ["Jane Doe"]
    byline = ("By " if by else "") + separator.join(names)
    assert clean_byline(byline) == ", ".join(names)
