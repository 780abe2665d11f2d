"""`lotsen berättelse 2026`: the year's kvalitetsberättelse, built from the repository as
it stood at the year's end (or a date given), for the förvaltning or an avdelning."""

from __future__ import annotations

import argparse
import datetime as dt
import re
from pathlib import Path

from lotsen.cli.common import (
    EXIT_CLEAN,
    EXIT_FINDINGS,
    not_after,
    project_model,
    project_options,
    refused_for_errors,
    shown,
    today,
)
from lotsen.dates import parse_date
from lotsen.errors import UsageError
from lotsen.model import Model
from lotsen.reports.document import Document
from lotsen.reports.story.as_of import data_folders, story_on
from lotsen.reports.story.build import swedish_date
from lotsen.reports.story.text import as_markdown
from lotsen.site.document_output import ALL_FORMATS, output_files, write_all
from lotsen.sphinx.project_reading import project_reading


def _year(text: str, current: int) -> int:
    if not re.fullmatch(r"\d{4}", text.strip()) or not 1900 < int(text) < 2200:
        raise UsageError(f"'{text}' är inget år. Ange året med fyra siffror, till exempel: lotsen berättelse {current}")
    return not_after(int(text), current, "kvalitetsberättelsen", f"{current} eller ett tidigare år")


def _day(text: str | None, year: int, built: dt.date) -> dt.date:
    if text is None:
        return min(dt.date(year, 12, 31), built)
    day = parse_date(text.strip())
    if day is None:
        raise UsageError(f"--datum '{text}' är inget datum. Skriv det som ÅÅÅÅ-MM-DD, till exempel 2026-12-31.")
    if day < dt.date(year, 1, 1):
        raise UsageError(f"--datum {day.isoformat()} ligger före år {year}. Ange ett datum under året eller senare.")
    return day


def _unit_check(code: str):
    def check(model: Model) -> None:
        if code and code not in model.unit_tree:
            parents = [u.code for u, _ in model.unit_tree.rows_in_tree_order() if model.unit_tree.children(u.code)]
            raise UsageError(f"Enheten '{code}' finns inte i modellen. Ange koden för en avdelning, till exempel "
                             f"{', '.join(parents[1:4] or parents[:3])}.")
    return check


def write(document: Document, out: Path, model: Model, issued: dt.date) -> list[Path]:
    """The page, PDF, Word file and workbook (site/document_output.py), and the text."""
    files = output_files(document, out, model=model, issued=issued, formats=ALL_FORMATS)
    files[out / f"{document.slug}.md"] = as_markdown(document).encode("utf-8")
    write_all(files)  # all or none
    return list(files)


def run(args: argparse.Namespace) -> int:
    built = today()
    year = _year(args.year, built.year)
    root, model = project_model(args)
    day = _day(args.datum, year, built)
    unit = (args.avdelning or "").strip().upper()
    _unit_check(unit)(model)
    folders = data_folders(model)
    project = project_reading(root, Path(model.path))
    result = story_on(root, args.model, year, day, unit, folders, check_unit=_unit_check(unit), project=project)
    if refused_for_errors(result.checked, "kvalitetsberättelsen",
                          f" i versionen {result.revision.short} från den {swedish_date(day)}"):
        return EXIT_FINDINGS
    out = Path(args.ut) if args.ut else root / "_build" / "berattelse"
    for path in write(result.document, out, result.model, result.cut):
        print(shown(path))
    gaps = len(result.document.gaps)
    print(f"{result.document.title}, {result.document.as_of.lower()} (version {result.revision.short}). "
          + (f"{gaps} {'sak saknas' if gaps == 1 else 'saker saknas'}: se listan sist i dokumentet."
             if gaps else "Inget saknas."))
    return EXIT_CLEAN


def register(sub: argparse._SubParsersAction) -> None:
    verb = sub.add_parser("berättelse", aliases=["berattelse"],
                          help="kvalitetsberättelsen för ett år, ur git som det såg ut vid årets slut")
    verb.add_argument("year", metavar="ÅR", help="året, till exempel 2026")
    verb.add_argument("--datum", metavar="ÅÅÅÅ-MM-DD",
                      help="läget den dagen (standard: årets sista dag, eller i dag om året inte är slut)")
    verb.add_argument("--avdelning", metavar="KOD", help="bara en avdelning (eller enhet) och enheterna under den")
    verb.add_argument("--ut", metavar="MAPP", help="mappen som dokumentet skrivs till (standard: _build/berattelse)")
    project_options(verb)
    verb.set_defaults(func=run)
