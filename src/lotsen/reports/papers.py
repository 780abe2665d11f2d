"""The nämnd's papers: the internkontrollplan, its follow-up and the pack for the
management review, each a Document for a year. On the site each is a report page
(``{lotsen-rapport} internkontrollplan``), its chapters' sections shown as the report's
sections, with the PDF and the Word file beside the page."""

from __future__ import annotations

from collections.abc import Callable

from lotsen.reports.document import Document
from lotsen.reports.internal_control import follow_up, internal_control_plan
from lotsen.reports.management_review import management_review
from lotsen.reports.tables import Report, Section
from lotsen.source.index import ObjectIndex

Paper = Callable[[ObjectIndex, int], Document]

#: Report name on the site -> the paper. The follow-up and the review need a year that
#: has begun; the plan may be for the coming year.
PAPERS: dict[str, Paper] = {
    "internkontrollplan": internal_control_plan,
    "uppfoljning-internkontroll": follow_up,
    "ledningens-genomgang": management_review,
}
FOR_COMING_YEAR = ("internkontrollplan",)


def as_report(document: Document, files: bool = True) -> Report:
    """The document as a report page: a section per chapter section, named by its
    chapter where the chapter has more than one; the PDF and Word file as downloads."""
    sections: list[Section] = []
    for chapter in document.chapters:
        if chapter.empty or not chapter.sections:
            sections.append(Section(chapter.title, [chapter.empty] if chapter.empty else []))
            continue
        for section in chapter.sections:
            title = section.title if len(chapter.sections) == 1 else f"{chapter.title}: {section.title}"
            sections.append(Section(title, section.text, section.table, section.figures, section.chart))
    downloads = [("PDF", f"{document.slug}.pdf"), ("Word", f"{document.slug}.docx")] if files else []
    return Report(document.slug, document.title, document.as_of + ".", sections, downloads)


def paper_of(index: ObjectIndex, kind: str) -> Document:
    """The paper for the index's year, computed once per build."""
    return index.memo(("paper", kind), lambda: PAPERS[kind](index, index.today.year))  # type: ignore[return-value]


def paper_report(kind: str) -> Callable[[ObjectIndex], Report]:
    def compute(index: ObjectIndex) -> Report:
        return as_report(paper_of(index, kind))
    return compute


PAPER_REPORTS: dict[str, Callable[[ObjectIndex], Report]] = {kind: paper_report(kind) for kind in PAPERS}
