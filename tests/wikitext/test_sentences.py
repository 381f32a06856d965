"""Sentence boundaries and short abstracts, language by language.

The sentences are hand-made in the style of the editions' leads (each says what it imitates);
one test runs on a real battle article whose first sentence is full of initials.
"""

from __future__ import annotations

import pytest
from tests.wikitext.test_render import BATTLES, rendered

from wikikg.wikitext.sentences import boundaries, first_sentences, short_abstract


def sentences(text: str, lang: str) -> list[str]:
    out, start = [], 0
    for end in boundaries(text, lang):
        out.append(text[start:end].strip())
        start = end
    out.append(text[start:].strip())
    return [s for s in out if s]


@pytest.mark.parametrize(
    ("lang", "text", "expected"),
    [
        # enwiki: abbreviations with inner dots, initials, titles, "c." before a number, quotes
        ("en", "The U.S. Army was founded in 1775. It fought.",
         ["The U.S. Army was founded in 1775.", "It fought."]),
        ("en", "It was written by J. R. R. Tolkien. He was born in 1892.",
         ["It was written by J. R. R. Tolkien.", "He was born in 1892."]),
        ("en", "Dr. Smith met Mr. Jones in c. 1900. They talked.",
         ["Dr. Smith met Mr. Jones in c. 1900.", "They talked."]),
        ("en", 'He said "it is over." Then he left!', ['He said "it is over."', "Then he left!"]),
        ("en", "The battle (fought near St. Vith. in Belgium) ended. Next.",
         ["The battle (fought near St. Vith. in Belgium) ended.", "Next."]),
        # dewiki: ordinal dots and abbreviations
        ("de", "Am 15. Mai 1988 begann z. B. der Abzug. Friedrich II. von Preußen starb 1786. Ende.",
         ["Am 15. Mai 1988 begann z. B. der Abzug.", "Friedrich II. von Preußen starb 1786.", "Ende."]),
        # ruwiki: "г." for year
        ("ru", "Город основан в 1237 г. Сейчас это столица.", ["Город основан в 1237 г. Сейчас это столица."]),
        # jawiki / zhwiki: no space after 。
        ("ja", "ベルリンはドイツの首都。人口は多い。", ["ベルリンはドイツの首都。", "人口は多い。"]),
        ("zh", "柏林是德国首都。它很大！是吗？是。", ["柏林是德国首都。", "它很大！", "是吗？", "是。"]),
        # hiwiki / bnwiki: the danda
        ("hi", "बर्लिन जर्मनी की राजधानी है। यह बड़ा है।", ["बर्लिन जर्मनी की राजधानी है।", "यह बड़ा है।"]),
        # urwiki: the Urdu full stop; arwiki: the Arabic question mark
        ("ur", "برلن جرمنی کا دارالحکومت ہے۔ یہ بڑا ہے۔", ["برلن جرمنی کا دارالحکومت ہے۔", "یہ بڑا ہے۔"]),
        ("ar", "هل برلين كبيرة؟ نعم.", ["هل برلين كبيرة؟", "نعم."]),
        # hywiki: the Armenian full stop
        ("hy", "Բեռլինը մայրաքաղաքն է։ Այն մեծ է։", ["Բեռլինը մայրաքաղաքն է։", "Այն մեծ է։"]),
        # elwiki: ";" is the question mark
        ("el", "Τι είναι το Βερολίνο; Μια πόλη.", ["Τι είναι το Βερολίνο;", "Μια πόλη."]),
    ],
)
def test_sentence_boundaries(lang: str, text: str, expected: list[str]) -> None:
    assert sentences(text, lang) == expected


def test_short_abstract_keeps_whole_sentences_within_the_limit() -> None:
    text = "First sentence here. Second one follows. Third is the last one."
    assert short_abstract(text, "en", limit=45) == "First sentence here. Second one follows."
    assert short_abstract(text, "en", limit=1000) == text
    assert first_sentences(text, 10, lang="en") is None


def test_a_long_first_sentence_is_kept_whole_up_to_twice_the_limit() -> None:
    sentence = "Word " * 150 + "end."  # 754 characters, one sentence
    assert short_abstract(sentence + " More.", "en", limit=500) == sentence


def test_a_first_sentence_beyond_twice_the_limit_is_cut_between_words() -> None:
    text = "word " * 300 + "end. More."
    short = short_abstract(text, "en", limit=500)
    assert short.endswith("…") and len(short) <= 501
    assert short[:-1].endswith("word") and text.startswith(short[:-1] + " ")


def test_chinese_without_spaces_is_cut_at_a_clause_mark() -> None:
    text = "柏林" * 200 + "，" + "德国" * 400 + "。"
    short = short_abstract(text, "zh", limit=500)
    assert short == "柏林" * 200 + "…"


def test_initials_in_a_real_first_sentence() -> None:
    # Battle of Uman: "… under the command of Lieutenant General I. N. Muzychenko and Major General
    # P. G. Ponedelin, respectively. The battle occurred …"
    long = rendered(BATTLES, "Battle of Uman")
    short = short_abstract(long, "en")
    assert short.startswith(
        "The Battle of Uman (15 July – 8 August 1941) was the German offensive operation against the 6th and "
        "12th Soviet Armies – under the command of Lieutenant General I. N. Muzychenko and Major General "
        "P. G. Ponedelin, respectively."
    )
    assert len(short) <= 500 and long.startswith(short) and long[len(short)] == " "
