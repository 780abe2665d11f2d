"""A report as plain data: tables of cells, rendered to HTML and exported to CSV/Excel
from the same rows, so the page and the files cannot disagree."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Union


@dataclass(frozen=True)
class Link:
    """A reference to an object, shown as its ID (and title where there is room)."""

    id: str
    text: str = ""

    def plain(self) -> str:
        return self.id


@dataclass(frozen=True)
class Styled:
    """A cell with CSS classes (for colour) and a plain value that carries the meaning."""

    value: "Cell"
    classes: tuple[str, ...] = ()


@dataclass(frozen=True)
class HeatCell:
    """One cell of the risk matrix: count, score and level, readable without colour."""

    count: int
    score: int
    level: str
    risks: list[Link]

    def plain(self) -> int:
        return self.count


class Masked(str):
    """A small count shown as text ("färre än 3"), since it could point out a person.
    The count stays with it for an export that the model lets carry it."""

    count: int
    export_masked: bool

    def __new__(cls, text: str, count: int, export_masked: bool = True) -> "Masked":
        cell = super().__new__(cls, text)
        cell.count, cell.export_masked = count, export_masked
        return cell

    def __reduce__(self):  # pickled with its count
        return (Masked, (str(self), self.count, self.export_masked))

    def __repr__(self) -> str:  # with its count: exports hash reprs (reports/render.py export_digest)
        return f"Masked({str(self)!r}, {self.count!r}, {self.export_masked!r})"


Cell = Union[str, int, float, Link, list[Link], Styled, HeatCell, None]


def plain(cell: Cell) -> str | int | float:
    """The text of a cell as it goes into CSV and Excel."""
    if isinstance(cell, Masked):
        return str(cell) if cell.export_masked else cell.count
    if isinstance(cell, Styled):
        return plain(cell.value)
    if isinstance(cell, (Link, HeatCell)):
        return cell.plain()
    if isinstance(cell, list):
        return ", ".join(link.plain() for link in cell)
    if cell is None:
        return ""
    return cell


@dataclass
class Table:
    key: str
    caption: str
    header: list[str]
    rows: list[list[Cell]] = field(default_factory=list)
    #: The first column holds row headers (``<th scope="row">``).
    row_headers: bool = False
    row_classes: list[tuple[str, ...]] = field(default_factory=list)
    empty: str = "Inga."


@dataclass(frozen=True)
class BarChart:
    """Grouped bars for a chart drawn by the site: per group (a category, a unit, a
    quarter), one value per series (the previous year, this year). The same figures
    stand in the section's table."""

    title: str
    series: list[str]
    groups: list[tuple[str, list[Cell]]]
    #: Each group drawn to its own scale (its figures are in different units).
    per_group: bool = False


@dataclass
class Section:
    title: str
    text: list[str] = field(default_factory=list)
    table: Table | None = None
    figures: list[tuple[str, str]] = field(default_factory=list)
    chart: BarChart | None = None


@dataclass
class Report:
    slug: str
    title: str
    intro: str
    sections: list[Section]
    #: Files beside the page besides the tables' CSV and Excel: (label, file name).
    files: list[tuple[str, str]] = field(default_factory=list)

    def tables(self) -> list[Table]:
        return [s.table for s in self.sections if s.table is not None]
