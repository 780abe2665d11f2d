"""The kvalitetsberättelse as a Document: the model's chapters in order, each filled
with its data and the authors' prose, the empty ones said to be empty in plain words,
and the year's gaps listed."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING

from lotsen.findings import Finding
from lotsen.reports.document import Chapter, Document
from lotsen.reports.story import outlook, structure, year_work
from lotsen.reports.story.completeness import empty_chapter, gap_context, year_gaps
from lotsen.reports.story.context import StoryContext
from lotsen.reports.story.prose import prose_folder, read_prose
from lotsen.reports.story.scope import scoped
from lotsen.reports.tables import Link, Section
from lotsen.reports.year import MONTH_NAMES
from lotsen.source.index import ObjectIndex

if TYPE_CHECKING:  # for types only; git and the comparison of two versions: only the berättelse reads them
    from lotsen.model.story import ChapterDef
    from lotsen.reports.story.changes import YearChanges

BUILDERS = {
    "organisation": structure.organisation,
    "cooperation": structure.cooperation,
    "processes": structure.processes,
    "risks": structure.risks,
    "controls": year_work.controls,
    "statistics": year_work.statistics,
    "reviews": year_work.reviews,
    "actions": year_work.actions,
    "improvements": outlook.improvements,
}


def titled(chapters: list[Chapter]) -> None:
    """An object in a table is shown with its title: a lone link becomes a list of one
    (shown as ID and title), except in tables that have a column for the title."""
    for chapter in chapters:
        for section in chapter.sections:
            table = section.table
            if table is None or "Rubrik" in table.header:
                continue
            table.rows = [[[c] if isinstance(c, Link) else c for c in row] for row in table.rows]


def has_data(chapter: Chapter) -> bool:
    return any(s.table is not None and s.table.rows or any(v not in ("0", "") for _, v in s.figures)
               for s in chapter.sections)


def _data(ctx: StoryContext, spec: ChapterDef) -> tuple[list[Section], str]:
    """A chapter's sections of data, and a note on them ("" for none)."""
    if spec.data == "goals":
        return outlook.goals(ctx)
    return (BUILDERS[spec.data](ctx) if spec.data else []), ""


def empty_chapters(ctx: StoryContext, root: Path | None) -> list[Finding]:
    """The findings of ``chapters_of``, for `lotsen check` and the build: a chapter that
    has prose is never empty, so its data is not computed."""
    model = ctx.index.model
    empty = []
    for spec in model.story.chapters:
        prose, source = read_prose(root, model, ctx.year, spec.key, ctx.scope.unit)
        if not prose and not has_data(Chapter(spec.key, spec.title, _data(ctx, spec)[0])):
            empty.append(empty_chapter(ctx, spec.key, spec.title, spec.line, source))
    return empty


def chapters_of(ctx: StoryContext, root: Path | None) -> tuple[list[Chapter], list[Finding]]:
    """The chapters, and a finding for each that has neither data nor prose."""
    model = ctx.index.model
    chapters, empty = [], []
    for spec in model.story.chapters:
        sections, note = _data(ctx, spec)
        prose, source = read_prose(root, model, ctx.year, spec.key, ctx.scope.unit)
        chapter = Chapter(spec.key, spec.title, sections, prose, source if prose else "")
        if not prose and not has_data(chapter):
            finding = empty_chapter(ctx, spec.key, spec.title, spec.line, source)
            empty.append(finding)
            chapter.empty = (note + " " if note else "") + (
                f"Det finns inga uppgifter för kapitlet {ctx.year}, och ingen har skrivit någon text om det ännu"
                + (f" (i {source})." if source else "."))
        elif note and not prose:
            chapter.empty = note
        chapters.append(chapter)
    return chapters, empty


def swedish_date(day: dt.date) -> str:
    return f"{day.day} {MONTH_NAMES[day.month - 1]} {day.year}"


def gap_text(finding: Finding) -> str:
    where = f"{finding.file}, rad {finding.line}" if finding.line else finding.file
    return f"{finding.message} ({where})"


def as_of_text(year: int, cut: dt.date) -> str:
    if cut == dt.date(year, 12, 31):
        return f"Läget vid årets slut, den {swedish_date(cut)}"
    return f"Läget den {swedish_date(cut)}"


def build_document(index: ObjectIndex, year: int, *, unit: str = "", root: Path | None = None,
                   changes: YearChanges | None = None, source_note: str = "",
                   gap_day: dt.date | None = None) -> Document:
    return build_story(index, year, unit=unit, root=root, changes=changes, source_note=source_note,
                       gap_day=gap_day)[0]


def build_story(index: ObjectIndex, year: int, *, unit: str = "", root: Path | None = None,
                changes: YearChanges | None = None, source_note: str = "",
                gap_day: dt.date | None = None) -> tuple[Document, list[Finding]]:
    """The berättelse for ``year``, with the figures as they stand at ``index.today``
    (the year's end or an earlier date), for the förvaltning or for ``unit``. With
    ``gap_day``, the list of what is missing is what `lotsen check` says on that day
    (``gap_context``); without, what is missing by ``index.today``."""
    scope = scoped(index, unit)
    ctx = StoryContext(scope, year, index.today, changes)
    chapters, empty = chapters_of(ctx, root)
    titled(chapters)
    if gap_day is not None:
        gap_ctx = gap_context(scope, gap_day, year, changes)
        gaps = year_gaps(gap_ctx) + empty_chapters(gap_ctx, root)
    else:
        gaps = year_gaps(ctx) + empty
    model = index.model
    title = f"Kvalitetsberättelse {year}"
    name = scope.name
    intro = [f"Kvalitetsberättelsen för {name} {year}, framtagen ur ledningssystemet. "
             f"{as_of_text(year, index.today)}. Siffrorna kommer från samma uppgifter som webbplatsen visar."]
    if unit and scope.without_unit:
        intro.append(f"{scope.without_unit} objekt nämner ingen enhet och räknas bara i förvaltningens berättelse.")
    if source_note:
        intro.append(source_note)
    folder = prose_folder(model, year, unit)
    if folder:
        intro.append(f"Texten i kapitlen skrivs i mappen {folder}, en fil per kapitel.")
    slug = f"berattelse-{year}" + (f"-{unit.lower()}" if unit else "")
    return Document(slug, title + (f": {name}" if unit else ""), model.organisation,
                    as_of_text(year, index.today), chapters, " ".join(intro),
                    [gap_text(g) for g in gaps]), gaps
