"""`lotsen nämnd 2026`: the nämnd's papers for a year (the internkontrollplan, its
follow-up and the pack for the management review) as a page, PDF, Word and Excel each.

The papers are drawn from the content as it is now: the follow-up and the review for
the year under way or the year just ended, as of today; the plan also for the coming
year."""

from __future__ import annotations

import argparse
import re
from pathlib import Path

from lotsen.checks.pipeline import check
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
from lotsen.errors import UsageError
from lotsen.reports.papers import FOR_COMING_YEAR, PAPERS
from lotsen.site.document_output import ALL_FORMATS, write_outputs
from lotsen.source.files import content_files
from lotsen.sphinx.project_reading import project_reading


def _year(text: str, current: int) -> int:
    if not re.fullmatch(r"\d{4}", text.strip()):
        raise UsageError(f"'{text}' är inget år. Skriv året med fyra siffror, till exempel {current}.")
    year = int(text)
    if year < current - 1:
        raise UsageError(
            f"Lotsen tar fram nämndens handlingar ur innehållet som det är i dag, och kan inte visa hur det såg "
            f"ut under {year}. Åtgärd: välj {current - 1} för uppföljningen av förra året, {current}, eller "
            f"{current + 1} för nästa års internkontrollplan.")
    return not_after(year, current + 1, "nämndens handlingar",
                     f"{current}, eller {current + 1} för nästa års internkontrollplan")


def papers_for(year: int, current: int) -> list[str]:
    """The papers a year has: this year all three; next year the plan alone; last year
    its follow-up and its management review, which are written when the year is over
    (its plan was adopted the year before, from the content as it was then)."""
    if year == current:
        return list(PAPERS)
    if year > current:
        return [k for k in PAPERS if k in FOR_COMING_YEAR]
    return [k for k in PAPERS if k not in FOR_COMING_YEAR]


def run(args: argparse.Namespace) -> int:
    date = today()
    year = _year(args.year, date.year)
    root, model = project_model(args)
    project = project_reading(root, Path(model.path))
    checked = check(model, root, content_files(root), date, project.known, project.reading)
    if refused_for_errors(checked.findings, "handlingarna"):
        return EXIT_FINDINGS
    out = Path(args.ut) if args.ut else root / "_build" / "namnd" / str(year)
    kinds = papers_for(year, date.year)
    written = []
    for kind in kinds:
        document = PAPERS[kind](checked.index, year)
        written += write_outputs(document, out, model=model, issued=date, formats=ALL_FORMATS)
    print(f"Nämndens handlingar för {year} finns i {shown(out)}:")
    for path in written:
        print(f"  {path.name}")
    if year > date.year:
        print(f"Uppföljningen och underlaget till ledningens genomgång för {year} kan tas fram när året har börjat.")
    elif year < date.year:
        print(f"Internkontrollplanen för {year} antogs före året och tas inte fram i efterhand. Uppföljningen "
              "visar resultaten från året och riskerna som de är i dag.")
    return EXIT_CLEAN


def register(sub: argparse._SubParsersAction) -> None:
    verb = sub.add_parser(
        "nämnd", aliases=["namnd"],
        help="nämndens handlingar för ett år: internkontrollplanen, uppföljningen och underlaget till "
             "ledningens genomgång, som webbsida, PDF, Word och Excel",
        description="Tar fram nämndens handlingar för ett år ur innehållet som det är i dag.")
    verb.add_argument("year", metavar="ÅR", help="året, till exempel 2026 (nästa år för internkontrollplanen, förra året för uppföljningen)")
    verb.add_argument("--ut", metavar="MAPP", help="mappen som filerna skrivs till (standard: _build/namnd/ÅR)")
    project_options(verb)
    verb.set_defaults(func=run)
