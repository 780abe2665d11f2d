"""A long document built from the data (the kvalitetsberättelse, the nämnd's papers):
chapters of the report sections Lotsen already draws, with the prose authors write
beside them. One shape, rendered as a site page, a PDF and a Word file, so the three
cannot disagree."""

from __future__ import annotations

from dataclasses import dataclass, field

from lotsen.reports.tables import Section, Table


@dataclass
class Chapter:
    """One numbered chapter: its own sections of data, and the author's prose.

    ``prose`` is the Markdown of the optional page an author writes for the chapter,
    without its first heading; ``empty`` says in plain words that the chapter has
    neither data nor prose (set by the builder, shown instead of the body)."""

    key: str
    title: str
    sections: list[Section] = field(default_factory=list)
    prose: str = ""
    prose_source: str = ""
    empty: str = ""


@dataclass
class Document:
    """A document for one organisation (or avdelning) and one year or date."""

    slug: str
    title: str
    organisation: str
    #: What the figures stand for, e.g. "Läget den 31 december 2026".
    as_of: str
    chapters: list[Chapter]
    intro: str = ""
    #: Warnings of the completeness check, each a plain sentence.
    gaps: list[str] = field(default_factory=list)

    def tables(self) -> list[Table]:
        return [s.table for c in self.chapters for s in c.sections if s.table is not None]
