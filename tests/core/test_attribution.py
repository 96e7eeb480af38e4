"""Who said it: the claimant proposed for a passage, from the attribution around its quotation."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from factcheck.assets import seed_article
from factcheck.core.attribution import attribute
from factcheck.core.attribution_quotes import find_quotes, paragraphs

# (text, the passage, the library's claimants, the speaker expected)
CASES = [
    # attribution after the quotation
    ('"The fact that we discussed it doesn\'t mean it can happen," Trump said on Twitter.',
     "it can happen", (), "Trump"),
    ("“Inflation has peaked,” said the minister.", "Inflation has peaked", (), "the minister"),
    ("“We have cut waiting lists by half”, she told reporters.\n\nMaria Lopez, the health secretary, "
     "spoke later.", "cut waiting lists", (), ""),
    ("Health Secretary Maria Lopez visited the hospital on Monday. “We have cut waiting lists by half”, "
     "she told reporters.", "cut waiting lists", (), "Maria Lopez"),
    ("“Crime fell by 12 per cent last year,” Mayor Sadiq Khan said in a statement.", "Crime fell", (),
     "Sadiq Khan"),
    ("“Unemployment is the lowest it has been in 50 years,” wrote Mr Biden.", "Unemployment", (), "Biden"),
    ("“Unemployment is the lowest it has been in 50 years,” wrote Mr Biden.", "Unemployment",
     ("Joe Biden", "Kamala Harris"), "Joe Biden"),
    ("“It is not the dumbest idea,” Republican Senator Lindsey Graham of South Carolina said.",
     "dumbest idea", (), "Lindsey Graham"),
    ("'Exports rose by a fifth,' the Trade Ministry said.", "Exports rose", (), "the Trade Ministry"),
    ("“Is the economy growing?” Mr Sunak asked. “Of course it is.”", "economy growing", (), "Sunak"),
    ("“We will win,” Ms Ardern said, “and we will win big.”", "win big", (), "Ardern"),
    ("“The border is closed,” Prime Minister Boris Johnson told MPs.", "border is closed", (),
     "Boris Johnson"),
    ("“Taxes went down for 90% of families,” the White House said.", "Taxes went down", (),
     "the White House"),
    # attribution before the quotation
    ('Republican Senator Lindsey Graham of South Carolina said: "It\'s not the dumbest idea I\'ve ever '
     'heard, but it\'s pretty close."', "dumbest idea", (), "Lindsey Graham"),
    ("Another Senate Republican, Marco Rubio of Florida, said on Twitter: “Partnering with Putin is akin "
     "to partnering with Assad.”", "Partnering with Putin", (), "Marco Rubio"),
    ("Former Defence Secretary Ash Carter said it was “like the guy who robbed your house”.",
     "robbed your house", (), "Ash Carter"),
    ("The ministry said in a statement that 4,000 homes had been built since March.",
     "4,000 homes had been built", (), "the ministry"),
    ("The Health Ministry confirmed on Tuesday that cases had doubled.", "cases had doubled", (),
     "the Health Ministry"),
    ("After the meeting, Mr Putin said Mr Trump “seemed satisfied with the answers”.", "seemed satisfied",
     (), "Putin"),
    ("Reince Priebus, his chief of staff, insisted that Mr Trump had not believed Mr Putin.",
     "Mr Trump had not believed Mr Putin", (), "Reince Priebus"),
    ("Mr Trump also announced that “sanctions were not discussed” and “nothing will be done”.",
     "nothing will be done", (), "Trump"),
    ("The company hit back on Monday, saying “our products are safe”.", "our products are safe", (),
     "the company"),
    ("Chancellor Olaf Scholz told the Bundestag: “Germany will meet the Nato target.”",
     "Germany will meet", (), "Olaf Scholz"),
    # according to
    ("Unemployment fell to 3.9 per cent in May, according to the Office for National Statistics.",
     "Unemployment fell", (), "the Office for National Statistics"),
    ("According to the ministry, 30,000 troops have been deployed.", "30,000 troops", (), "the ministry"),
    ("According to the ministry, 30,000 troops have been deployed.\n\nThe Defence Ministry also "
     "published a map.", "30,000 troops", (), "the Defence Ministry"),
    ("“Prices have stabilised”, according to Bank of England governor Andrew Bailey.", "Prices have",
     (), "Andrew Bailey"),
    # curly, straight and mixed quotation marks
    ("A total of 13 hours before, Trump had tweeted, “Putin & I discussed forming an impenetrable Cyber "
     'Security unit."', "impenetrable", (), "Trump"),
    ("‘We are not in recession,’ the Chancellor, Rachel Reeves, said.", "not in recession", (),
     "Rachel Reeves"),
    # nested quotations
    ("“My father always told me, ‘never trust a poll,’ and he was right,” Senator Ron Wyden said.",
     "never trust a poll", (), "My father"),
    ("“Partnering with Putin on a 'Cyber Security Unit' is akin to partnering with Assad,” Marco Rubio "
     "said.", "Cyber Security Unit", (), "Marco Rubio"),
    ("“The word ‘unprecedented’ gets used too often,” said Professor Mary Beard.", "unprecedented", (),
     "Mary Beard"),
    ("“When I told them, ‘we will not move,’ they laughed,” Maria Santos said.", "we will not move", (),
     "Maria Santos"),
    # pronouns
    ("Senator Elizabeth Warren spoke in Boston on Friday. “Wages have not kept up with prices,” she said.",
     "Wages have not", (), "Elizabeth Warren"),
    ("Mr Trump talked with Mr Putin for two hours. “We had a great meeting,” he said.", "great meeting",
     (), ""),
    ("Governor Gavin Newsom signed the bill. “California leads the nation,” he added.",
     "California leads", ("Gavin Newsom",), "Gavin Newsom"),
    ("“The fact that we discussed it doesn't mean it can happen,” Trump said on Twitter.\n\n"
     "He added that a ceasefire in Syria “can & did” happen.", "can & did", (), "Trump"),
    ("When Mr Putin was asked by journalists why the White House had not confirmed Mr Trump’s belief.\n\n"
     "“We’ll ask the White House to fix that,” he joked.", "fix that", (), "Putin"),
    ("Anna Schmidt met Paul Weber in Berlin. “The deal is done,” she said.", "deal is done", (), ""),
    ("Mrs Thatcher met Mr Reagan in Washington. “We agree on everything,” she said.", "agree on", (),
     "Thatcher"),
    # a described speaker is a pronoun's antecedent too, when the only one
    ('The minister said on Monday. "It is the lowest in a decade," he said.', "lowest in a decade", (),
     "the minister"),
    ("“Inflation has peaked,” the spokeswoman said. “It will fall further,” she added.", "fall further", (),
     "the spokeswoman"),
    ("“Inflation has peaked,” the spokesman said. “It will fall further,” she added.", "fall further", (),
     ""),
    ("The minister said on Monday that prices had fallen. Mr Brown disagreed. “It is a lie,” he said.",
     "It is a lie", (), ""),
    ("The ministry said on Monday that prices had fallen. “It is the lowest in a decade,” he said.",
     "lowest in a decade", (), ""),
    # a pronoun's antecedent is in its own paragraph, unless the paragraph has no one before it
    ('The minister spoke on Monday.\n\n"It is the lowest in a decade," he said.', "lowest in a decade", (),
     ""),
    ("Mr John Smith spoke first.\n\nMrs Ann Jones arrived later. “We will see,” he said.", "We will see",
     (), ""),
    ("Mr John Smith spoke first.\n\nThe spokeswoman said little. “We will see,” he said.", "We will see",
     (), ""),
    ("“We will see,” he said.\n\nMr John Smith spoke next.", "We will see", (), ""),
    # quotations over paragraphs
    ("“Our schools are failing a generation of children,” the report said. “Reading scores have fallen "
     "for a decade.\n\n“Spending per pupil is lower than in 2010.”", "Spending per pupil", (),
     "the report"),
    ("Dr Jane Goodall, the primatologist, said: “Chimpanzees use tools.\n\n“They also teach their young "
     "to use them.”", "teach their young", (), "Jane Goodall"),
    # known claimants
    ("“Inflation will be back to target next year,” Bailey said.", "Inflation will",
     ("Andrew Bailey", "Rishi Sunak"), "Andrew Bailey"),
    ("“Inflation will be back to target next year,” Bailey said.", "Inflation will",
     ("Andrew Bailey", "Jane Bailey"), "Bailey"),
    ("“The figures are wrong,” the ministry said.", "figures are wrong", ("the Health Ministry",),
     "the Health Ministry"),
    # from review: the article's full name wins over a claimant sharing the surname; words inside quotation
    # marks are not the sentence's attribution; a leading quotation's "said X" before a later "Y said"
    ("John Smith, the mayor, spoke on Monday. Crime fell 10 percent last year, Smith said.", "Crime fell",
     ("Will Smith",), "John Smith"),
    ("Crime fell 10 percent last year, Smith said.", "Crime fell", ("Will Smith",), "Will Smith"),
    ('Senator Elizabeth Ann Warren spoke on Monday. "Taxes rose," Warren said.', "Taxes rose",
     ("Elizabeth Warren",), "Elizabeth Warren"),
    ('The minister told parliament that wages fell 5 percent, and that "according to the central bank, prices '
     'doubled."', 'The minister told parliament that wages fell 5 percent, and that "according to the central bank, '
     'prices doubled."', (), "the minister"),
    ('Biden hit back on Monday. "Unemployment fell to 3.5 percent, whatever Trump said last week."',
     "Unemployment fell", (), ""),
    ('"Unemployment fell to 3.5 percent," said Biden, who added that Trump said otherwise.',
     '"Unemployment fell to 3.5 percent," said Biden, who added that Trump said otherwise.', (), "Biden"),
    # long appositives, unlisted descriptions, abbreviations
    ('"Numerical experiments are successful when you get out more than you put in," Dylan Nelson, a '
     "postdoctoral fellow at the Max Planck Institute for Astrophysics in Munich, Germany, and co-author of "
     "the study, said in a statement.", "Numerical experiments", (), "Dylan Nelson"),
    ("“You never know why these things happen,” said the actress.", "these things", (), "the actress"),
    ('"He doesn\'t run Big Machine," an insider told the outlet on Monday.', "run Big Machine", (),
     "an insider"),
    ("“We’re taking in billions of dollars in tariff money from China,” Mr. Trump said on Nov. 8. “I like "
     "our situation very much.”", "I like our situation", (), "Trump"),
    ("It is important for doctors to “take really detailed histories” of their patients, Dempsey said.",
     "detailed histories", (), "Dempsey"),
    ("The death rate is high, said Agnès Callamard, the director of the programme.\n\n“The persistence of "
     "lethal force raises serious fears.”", "lethal force", (), "Agnès Callamard"),
    ("Fifty-one percent say that “the president’s actions were wrong”.", "actions were wrong", (), ""),
    ("During the call, he asked about the Muslim Brotherhood and said, “somebody ought to pay,\" the "
     "prosecutor’s office said.", "somebody ought", (), "the prosecutor’s office"),
    ("During the call, he asked about the Brotherhood, called it “a threat”.", "a threat", (), ""),
    # names with particles, never a bare title
    ("“We will not give up,” said Ursula von der Leyen.", "not give up", (), "Ursula von der Leyen"),
    ("“France has lost a battle,” said Charles de Gaulle.", "lost a battle", (), "Charles de Gaulle"),
    ("“Rents are too high,” said Mayor Bill de Blasio.", "Rents", (), "Bill de Blasio"),
    ("Mayor Bill de Blasio spoke on Monday.\n\n“Rents are too high,” Mr. de Blasio said.", "Rents", (),
     "Bill de Blasio"),
    ("“Rents are too high,” Mr. de Blasio said.", "Rents", (), "de Blasio"),
    ("“Rents are too high,” Mr de Blasio said.", "Rents", ("Bill de Blasio", "Bill Gates"), "Bill de Blasio"),
    ("“Oil prices will fall,” Mohammed bin Salman said.", "Oil prices", (), "Mohammed bin Salman"),
    ("Luiz Inácio Lula da Silva told reporters that the forest was “not for sale”.", "not for sale", (),
     "Luiz Inácio Lula da Silva"),
    ("“The van was empty,” the driver said.", "van was empty", (), "the driver"),
    ("“Trade is up,” Mr said.", "Trade is up", (), ""),
    ("“Trade is up,” said Senator.", "Trade is up", (), ""),
    ("“Trade is up,” said Mrs.", "Trade is up", (), ""),
    # organisations keep their "the", capitalised or not
    ("“Growth is back,” the Treasury said.", "Growth is back", (), "the Treasury"),
    ("“Growth is back,” the ministry said.", "Growth is back", (), "the ministry"),
    ("The Treasury said growth was back.", "growth was back", (), "the Treasury"),
    ("Growth is back, according to the Treasury.", "Growth is back", (), "the Treasury"),
    # nobody speaks
    ("Russian operatives were the chief suspects behind a breach at power plants across the US.",
     "chief suspects", (), ""),
    ("The suggestion was met with widespread criticism from both Democrats and some Republicans.",
     "widespread criticism", (), ""),
    ("GDP grew by 0.3% in the third quarter.", "GDP grew", (), ""),
    ("“We’ll see,” he said.", "see", (), ""),
    ("", "", (), ""),
]


def _span(text: str, passage: str) -> tuple[int, int]:
    start = text.index(passage)
    return start, start + len(passage)


@pytest.mark.parametrize(("text", "passage", "known", "expected"), CASES,
                         ids=[f"{i}:{c[1][:24]}" for i, c in enumerate(CASES)])
def test_the_speaker_of_a_passage(text, passage, known, expected):
    start, end = _span(text, passage)
    assert attribute(text, start, end, known) == expected


def test_a_whole_sentence_is_attributed_like_the_quotation_it_holds():
    text = "Ash Carter said it was “like the guy who robbed your house proposing a working group”."
    assert attribute(text, 0, len(text)) == "Ash Carter"
    text = "“He vehemently denied it,” wrote Mr Trump."
    assert attribute(text, 0, len(text), ["Donald Trump"]) == "Donald Trump"


def test_a_surname_is_completed_from_the_article():
    text = ("Donald Trump met Vladimir Putin in Hamburg.\n\n"
            "“We had a good talk,” Mr Trump said. Mr Putin said the talks were “constructive”.")
    assert attribute(text, *_span(text, "good talk")) == "Donald Trump"
    assert attribute(text, *_span(text, "constructive")) == "Vladimir Putin"


SEED_SPEAKERS = {
    "impenetrable cyber security unit": "Donald Trump",
    "The fact that President Putin and I": "Donald Trump",
    "can & did": "Donald Trump",
    "Putin & I discussed forming": "Donald Trump",
    "It's not the dumbest idea": "Lindsey Graham",
    "Partnering with Putin": "Marco Rubio",
    "Cyber Security Unit": "Marco Rubio",
    "Chemical Weapons Unit": "Marco Rubio",
    "like the guy who robbed your house": "Ash Carter",
    "campaign of influence": "US intelligence agencies",
    "He vehemently denied it": "Donald Trump",
    "broadcast": "Steven Mnuchin",
    "seemed satisfied with the answers": "Vladimir Putin",
    "We’ll ask the White House": "Vladimir Putin",
    "sanctions were not discussed": "Donald Trump",
    "nothing will be done": "Donald Trump",
}


def test_every_quotation_of_the_seed_article_has_its_speaker():
    text = seed_article().read_text(encoding="utf-8")
    quotes = find_quotes(text, paragraphs(text))
    assert len(quotes) == len(SEED_SPEAKERS)
    for quote in quotes:
        words = text[quote.inner_start:quote.inner_end]
        expected = next(who for opening, who in SEED_SPEAKERS.items() if words.startswith(opening))
        assert attribute(text, quote.inner_start, quote.inner_end) == expected, words
        # the claimant's name as the library already holds it
        assert attribute(text, quote.inner_start, quote.inner_end,
                         ["Donald J. Trump", "Vladimir Putin", "Lindsey Graham"]) == \
            ("Donald J. Trump" if expected == "Donald Trump" else expected), words


SEED_SENTENCES = {
    "Donald Trump has backtracked claims": "Donald Trump",
    "It can't,” Trump said on Twitter.": "Donald Trump",
    "He added that an agreement with Russia": "Donald Trump",
    "A total of 13 hours before, he had tweeted": "Donald Trump",
    "The suggestion was met with widespread criticism": "",
    "Russian operatives were the chief suspects": "",
    "Mr Putin denied the allegations.": "Vladimir Putin",
    "Mr Trump talked with Mr Putin for around two and a half hours": "",
    "Reince Priebus, his chief of staff, insisted": "Reince Priebus",
    "After the meeting, Mr Putin said": "Vladimir Putin",
    "When Mr Putin was asked by journalists": "",
    "Mr Trump also announced that": "Donald Trump",
}


def test_sentences_of_the_seed_article_have_their_speaker_or_none():
    text = seed_article().read_text(encoding="utf-8")
    for sentence, expected in SEED_SENTENCES.items():
        start = text.index(sentence)
        end = text.find("\n", start)
        end = len(text) if end < 0 else end
        assert attribute(text, start, end) == expected, sentence


def test_the_answer_does_not_depend_on_which_passage_was_asked_first():
    base = seed_article().read_text(encoding="utf-8") + "\n\n" + "\n\n".join(c[0] for c in CASES if c[0])
    spans = [(m.start(), m.end()) for m in re.finditer(r"[^.?!\n]+", base)]
    forwards = [attribute(base + " ", a, b) for a, b in spans]
    backwards = [attribute(base + "  ", a, b) for a, b in reversed(spans)]
    assert forwards == backwards[::-1]
    assert sum(1 for who in forwards if who) > len(spans) / 3


def test_a_long_run_of_he_said_paragraphs_goes_back_to_the_one_name():
    text = "Mr John Smith spoke first.\n\n" + "“We will see,” he said.\n\n" * 3000
    assert attribute(text, len(text) - 20, len(text) - 12) == "John Smith"
    quote = "“Our budget is balanced.\n\n" * 2000 + "“It will stay so,” the minister said."
    assert attribute(quote, 1, 10) == "the minister"


WORDS = ["said", "he", "she", "Mr", "Smith", "Jane", "Doe", "the", "ministry", "according", "to",
         "Senator", "of", "Ohio", "told", "reporters", ",", ".", ":", "\n\n", "\n", "“", "”", '"', "'",
         "‘", "’", "It's", "won't", "growth", "fell", "🇺🇦", "Zürich", "Prime", "Minister", "added",
         "that", "who", "wrote", "«", "»", "—", "U.S.", "Sen.", "Dr.", "I", "we"]


@given(st.lists(st.sampled_from(WORDS), max_size=60).map(" ".join), st.integers(-5, 400),
       st.integers(-5, 400), st.lists(st.sampled_from(["Jane Smith", "John Doe", "the ministry", "Ohio"]),
                                      max_size=3))
def test_any_text_gives_a_name_from_it_or_from_the_library(text, a, b, known):
    found = attribute(text, min(a, b), max(a, b), known)
    assert found == "" or found in known or _from(found, text)
    assert found == found.strip()


@given(st.text(max_size=200), st.integers(0, 220), st.integers(0, 220))
def test_any_characters_at_all(text, a, b):
    found = attribute(text, min(a, b), max(a, b))
    assert found == "" or _from(found, text)


def _from(found: str, text: str) -> bool:
    """Whether ``found`` is a slice of ``text``, but for "The" made "the" (or "A", "An")."""
    lowered = found.split(" ")[0] in ("the", "a", "an")
    return found in text or (lowered and found[0].upper() + found[1:] in text)
