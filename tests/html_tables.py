"""Reading report tables back out of built HTML pages, for independent checks."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from bs4 import BeautifulSoup


@dataclass
class HtmlTable:
    id: str
    caption: str
    header: list[str]
    rows: list[list[str]]
    links: list[list[list[str]]]  # per row, per cell: the object IDs linked


def _text(cell) -> str:
    return " ".join(cell.get_text(" ", strip=True).split())


def tables(path: Path) -> dict[str, HtmlTable]:
    soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
    found = {}
    for table in soup.select("table.lotsen-report"):
        caption = table.find("caption")
        header = [_text(th) for th in table.select("thead th")]
        rows, links = [], []
        for tr in table.select("tbody tr"):
            cells = tr.find_all(["th", "td"], recursive=False)
            rows.append([_text(c) for c in cells])
            links.append([[a.get_text(strip=True) for a in c.find_all("a")] for c in cells])
        found[table["id"]] = HtmlTable(table["id"], _text(caption).rstrip("¶").strip() if caption else "",
                                       header, rows, links)
    return found


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
