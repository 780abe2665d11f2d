"""Personal numbers that inline Markdown splits in the source but shows whole
(checks/hidden_numbers.py), judged by what a reader sees: markdown-it's own HTML of the
paragraph, its tags left out, as the oracle of whether a number is shown whole; the
PyPI ``personnummer`` package as the oracle of whether it is a number."""

from __future__ import annotations

import html
import random
import re

from markdown_it import MarkdownIt
from personnummer import personnummer

from lotsen.checks.hidden_numbers import find_hidden_personal_numbers
from lotsen.checks.personal_data import find_personal_numbers
from lotsen.cli.main import main
from test_personal_data import near_misses
from test_personal_data_oracle import _oracle_form, _written

from conftest import make_project

SEED = 20261130

#: Ways to split a number written ``date + dash + serial`` that still show it whole.
SPLITS = {
    "fetstil": lambda d, s, t: f"**{d}**{s}{t}",
    "kursiv": lambda d, s, t: f"*{d}*{s}{t}",
    "kod": lambda d, s, t: f"`{d}`{s}{t}",
    "genomstruken": lambda d, s, t: f"~~{d}~~{s}{t}",
    "länk": lambda d, s, t: f"[{d}](https://exempel.se){s}{t}",
    "teckenreferens": lambda d, s, t: f"{d}&#{ord(s.strip() or '-')};{t}" if s.strip() else f"{d}&#48;{t[1:]}"
    if t.startswith("0") else f"{d}&#{ord(t[0])};{t[1:]}",
    "kommentar": lambda d, s, t: f"{d}{s}{t[:2]}<!-- x -->{t[2:]}",
    # (after a '+' the guard knows no space, wherever the number stands)
    "radbrytning": lambda d, s, t: f"{d}{s.rstrip()}\n{t}" if s.strip() not in ("", "+") else None,
    "omvänt snedstreck": lambda d, s, t: f"{d}\\{s}{t}" if s == "-" else None,
}

MD = MarkdownIt("commonmark", {"html": True}).enable("strikethrough")


def shown(paragraph: str) -> str:
    """What a reader sees of a paragraph: markdown-it's HTML without tags or comments."""
    rendered = re.sub(r"<!--.*?-->|<[^>]+>", "", MD.render(paragraph), flags=re.S)
    return " ".join(html.unescape(rendered).split())


def _parts(written: str) -> tuple[str, str, str] | None:
    found = re.fullmatch(r"(\d{6,8})(\D*)(\d{4})", written)
    return (found[1], found[2], found[3]) if found and found[2] else None


def test_numbers_split_by_markup_are_found_once_at_their_line() -> None:
    from test_personal_data_oracle import FORMS

    rng = random.Random(SEED)
    tried, missed, leaked = 0, [], []
    for form in FORMS:
        for _ in range(12):
            written = _written(rng, form)
            parts = _parts(written)
            if parts is None:
                continue
            for name, split in SPLITS.items():
                piece = split(*parts)
                if piece is None:
                    continue
                text = f"# Rubrik\n\nFörsta raden.\nBrukaren {piece} har ringt.\n"
                seen = shown(text.split("\n\n", 1)[1])
                number = next(n for n in re.findall(r"\d[\d\u00a0 \u2010-\u2014\u2212+-]*\d", seen)
                              if len(re.sub(r"\D", "", n)) >= 10)
                assert personnummer.valid(_oracle_form(number)), (name, written, seen)  # shown whole
                tried += 1
                hits = find_personal_numbers(text) + find_hidden_personal_numbers(text)
                if [hit.line for hit in hits] != [4]:
                    missed.append((name, form[0], piece, hits))
                if any(parts[0] in repr(hit) or parts[2] in repr(hit) for hit in hits):
                    leaked.append((name, piece))
    assert tried >= 500
    assert missed == [], missed[:5]
    assert leaked == []


def test_what_the_lines_hold_already_is_not_found_again() -> None:
    text = "Brukaren 19121212-1212 och **1912121**2-1212\noch 19121212-1212 igen.\n"
    assert [hit.line for hit in find_personal_numbers(text)] == [1, 2]
    assert find_hidden_personal_numbers(text) == []


def test_near_misses_in_markup_and_paragraphs_are_not_reported() -> None:
    """The guard's near misses (dates, SFS numbers, phone numbers, ids, amounts) wrapped
    in markup and written in paragraphs of several lines stay quiet."""
    texts = near_misses()
    wrapped = []
    for text in texts:
        if not text.strip():
            continue
        wrapped += [f"Se **{text}** här.\nOch mer text.", f"Rad ett\n`{text}`\n", f"*{text}*\\\n– slut"]
    reported = [(text, hits) for text in wrapped if (hits := find_hidden_personal_numbers(text))]
    assert len(wrapped) >= 3000
    assert reported[:5] == []


def test_the_check_reports_a_split_number_once_and_never_prints_it(tmp_path, capsys) -> None:  # noqa: ANN001
    page = ("# Anteckningar\n\nEtt: **19121212**-1212\n\nTvå: 19121212\\-1212\n\nTre: 19121212&#45;1212\n\n"
            "Fyra: 19121212-12<!-- x -->12\n\nFem ringer 19121212-\n1212 i natt.\n\nSex: 19121212-1212.\n")
    root = make_project(tmp_path / "proj", {"anteckningar.md": page})
    assert main(["check", "--root", str(root), "--format", "human"]) == 1
    out = capsys.readouterr().out
    lines = sorted(int(found) for found in re.findall(r"anteckningar\.md:(\d+): fel: .*\[lotsen\.personal_number\]", out))
    assert lines == [3, 5, 7, 9, 11, 14]
    assert "1212-1212" not in out and "19121212" not in out
