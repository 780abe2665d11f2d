"""LIX: hand-computed values, Markdown/MyST stripping and the Swedish level labels."""

from __future__ import annotations

import pytest

from lotsen.checks.readability import LIX_LEVELS, Lix, lix, lix_level


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # 7 words / 2 sentences + 0 long words
        ("Jag heter Anna. Hon bor i Malmö.", Lix(3.5, 7, 2, 0)),
        # 4 / 1 + 100 * 3 / 4
        ("Socialtjänsten ansvarar för verksamheten.", Lix(79.0, 4, 1, 3)),
        # six letters is not long, seven is: 2 / 1 + 100 * 1 / 2
        ("Brukar brukare.", Lix(52.0, 2, 1, 1)),
        # 11 / 3 = 3.67, rounded to one decimal; ! and ? end sentences
        ("Det var en gång en katt. Hon sprang iväg! Varför då?", Lix(3.7, 11, 3, 0)),
        # 6 / 2 + 100 * 4 / 6 = 69.67
        ("Handläggaren dokumenterar beslutet. Sedan skickas det.", Lix(69.7, 6, 2, 4)),
        # repeated punctuation ends one sentence
        ("Nej!!! Ja...", Lix(1.0, 2, 2, 0)),
        # a colon ends a sentence, a time or a date does not; numbers are no words
        ("Ring 112 klockan 12.30 eller 2026-03-12.", Lix(36.3, 3, 1, 1)),
        ("Obs: ring.", Lix(1.0, 2, 2, 0)),
        # hyphenated words and words with digits are one word; letters decide length:
        # 5 / 1 + 100 * 1 / 5 (only "LSS-insats" has more than six letters)
        ("LSS-insats och covid-19 samt åtgärd.", Lix(25.0, 5, 1, 1)),
        # 6 / 2 + 100 * 3 / 6
        ("Vårdnadshavare, Ärendehantering och Överförmyndare. É é.", Lix(53.0, 6, 2, 3)),
    ],
)
def test_hand_computed(text: str, expected: Lix) -> None:
    assert lix(text) == expected


def test_paragraph_without_punctuation_is_one_sentence() -> None:
    assert lix("Första raden\nandra raden") == Lix(4.0, 4, 1, 0)
    assert lix("Första raden\n\nandra raden") == Lix(2.0, 4, 2, 0)


def test_heading_and_list_items_end_sentences() -> None:
    # Heading: 4 words; paragraph: 3 words, "fortsätter" long. 7 / 2 + 100 / 7 = 17.79
    assert lix("# Om något går fel\nText fortsätter här.") == Lix(17.8, 7, 2, 1)
    text = "Gör så här:\n\n1. Ring chefen\n2. Skriv en avvikelse\n- Klart\n* Slut\n+ Nu"
    # 11 words, 6 sentences, "avvikelse" long: 11 / 6 + 100 / 11 = 10.92
    assert lix(text) == Lix(10.9, 11, 6, 1)


def test_list_item_continues_on_indented_line() -> None:
    assert lix("- Ring chefen\n  och vänta\n- Skriv") == Lix(2.5, 5, 2, 0)


def test_markdown_is_stripped() -> None:
    text = (
        "# Rubrik\n"
        "\n"
        "- **Första** punkten\n"
        "- Andra [länken](https://socialstyrelsen.se/kunskapsstod) här\n"
        "\n"
        "Se {need}`RUT-HT-012` och `kod_med_ord` nu.\n"
    )
    # Rubrik | Första punkten | Andra länken här | Se och nu: 9 words, 4 sentences,
    # "punkten" long: 9 / 4 + 100 / 9 = 13.36
    assert lix(text) == Lix(13.4, 9, 4, 1)


def test_emphasis_does_not_hide_sentence_ends() -> None:
    # Gör så här: ring. Viktigt. Läs inte noga. -> 8 / 4 + 100 / 8
    assert lix("**Gör så här:** ring. _Viktigt._ Läs ~~inte~~ noga.") == Lix(14.5, 8, 4, 1)


def test_role_with_explicit_title_keeps_the_title() -> None:
    # Läs rutinen för avvikelser: 4 / 1 + 100 * 2 / 4
    assert lix("Läs {ref}`rutinen för avvikelser <avvikelser>`.") == Lix(54.0, 4, 1, 2)


def test_directive_fences_and_options_are_dropped_but_content_kept() -> None:
    text = (
        "```{rutin} Titel som inte räknas\n"
        ":id: RUT-HT-001\n"
        ":status: fastställd\n"
        ":fastställd_av: avdelningschef\n"
        "\n"
        "Du ringer samordnaren.\n"
        "```\n"
        "\n"
        ":::{note}\n"
        "Kort.\n"
        ":::\n"
        "(min-etikett)=\n"
    )
    # Du ringer samordnaren | Kort: 4 / 2 + 100 / 4
    assert lix(text) == Lix(27.0, 4, 2, 1)


def test_code_blocks_are_dropped() -> None:
    text = (
        "Text här.\n"
        "\n"
        "```python\nprint('hejsan svejsan långaordet')\n```\n"
        "````{code-block} yaml\nnyckel: värde\n````\n"
        "```{mermaid}\nflowchart LR\n  Ansökan --> Utredning\n```\n"
        "```\nvanlig kod\n```\n"
    )
    assert lix(text) == Lix(2.0, 2, 1, 0)


def test_nested_fences() -> None:
    text = "````{rutin} Titel\n:id: X\n\nSteg ett.\n\n```python\nkod hit\n```\n\nSteg två.\n````\nSlut."
    assert lix(text) == Lix(1.7, 5, 3, 0)


def test_table_rows_are_sentences() -> None:
    text = "| Roll | Ansvar |\n|---|---|\n| Enhetschef | Beslutar |\n"
    assert lix(text) == Lix(52.0, 4, 2, 2)


def test_quote_markers_are_stripped() -> None:
    assert lix("> Citat här.\n> Mer text.") == Lix(2.0, 4, 2, 0)


@pytest.mark.parametrize(
    "text",
    ["", "   \n\n\t", "123 456.", "```{rutin} Titel\n:id: RUT-HT-001\n```", "- \n- ...\n|---|", "`kod`"],
)
def test_no_words_gives_zero(text: str) -> None:
    assert lix(text) == Lix(0.0, 0, 0, 0)


@pytest.mark.parametrize(
    ("value", "label"),
    [
        (0.0, "mycket lättläst"),
        (29.9, "mycket lättläst"),
        (30.0, "lättläst"),
        (39.9, "lättläst"),
        (40.0, "medelsvår"),
        (49.9, "medelsvår"),
        (50.0, "svår"),
        (59.9, "svår"),
        (60.0, "mycket svår"),
        (95.0, "mycket svår"),
    ],
)
def test_levels(value: float, label: str) -> None:
    assert lix_level(value) == label


def test_level_constant_lists_the_standard_scale_in_order() -> None:
    assert list(LIX_LEVELS.values()) == ["mycket lättläst", "lättläst", "medelsvår", "svår", "mycket svår"]
    assert list(LIX_LEVELS) == sorted(LIX_LEVELS)


def test_level_of_computed_value() -> None:
    assert lix_level(lix("Socialtjänsten ansvarar för verksamheten.").value) == "mycket svår"
    assert lix_level(lix("Jag heter Anna.").value) == "mycket lättläst"
