"""Workbook sheets kept between builds, so that a workbook made again after an edit
writes only the sheets whose tables changed (issue #20: at L the folder's family
workbook has some 200 sheets, and an edited title changes one or two of them).

A sheet is kept as the XML XlsxWriter wrote for it (compressed) with its links to web
addresses, by the digest of its table (``reports/render.py table_digest``: the cells,
the addresses their IDs link to, the colours and the code that writes them) and the
workbook's styles. The XML holds no index into anything else of the workbook: its
texts are written in the cell (reports/workbook.py) and its styles' numbers follow
from the list of styles the workbook was given, named by its own digest. So the same
table in a workbook with the same styles gives the same XML whether it was written now
or kept.

The store is a file beside the doctrees, read when a workbook is written and saved
with the entries of the tables this build has. A missing, unreadable or older file
is an empty store: every sheet is written again rather than trusted."""

from __future__ import annotations

import pickle
import zlib
from pathlib import Path

#: (number format, font, fill) of a cell, as reports/workbook.py styles it.
StyleKey = tuple[str | None, str | None, str | None]
#: A link of a sheet to a web address, as XlsxWriter lists it for the sheet's relations.
SheetLink = list[str]

#: How many workbooks' sheets of one table are kept (a table is in its report's
#: workbook and its folder's family workbook; more come from styles that changed).
MAX_WORKBOOKS = 4
#: The file's first value: a store of another shape is not read.
_FORMAT = ("lotsen-kept-sheets", 1)


class KeptSheets:
    """Sheets by table digest: the styles the table's cells use, and per list of a
    workbook's styles (its digest) the sheet's XML and links."""

    def __init__(self, path: Path | None = None) -> None:
        self.path = path
        self._old: dict[str, tuple[tuple[StyleKey, ...], dict[str, tuple[bytes, list[SheetLink]]]]] | None = None
        self._new: dict[str, tuple[tuple[StyleKey, ...], dict[str, tuple[bytes, list[SheetLink]]]]] = {}
        self._changed = False

    def _entries(self) -> dict:
        if self._old is None:
            self._old = _read(self.path)
        return self._old

    def styles(self, digest: str) -> tuple[StyleKey, ...] | None:
        """The styles the cells of the table with ``digest`` use, if it was written."""
        entry = self._new.get(digest) or self._entries().get(digest)
        return None if entry is None else entry[0]

    def sheet(self, digest: str, styles: str) -> tuple[str, list[SheetLink]] | None:
        """The XML and links of the table's sheet in a workbook with the styles named
        ``styles``, if one was written."""
        for source in (self._new, self._entries()):
            entry = source.get(digest)
            if entry is not None and styles in entry[1]:
                xml, links = entry[1][styles]
                self._carry(digest, entry[0], styles, xml, links)
                return zlib.decompress(xml).decode("utf-8"), [list(link) for link in links]
        return None

    def keep(self, digest: str, keys: tuple[StyleKey, ...], styles: str, xml: str, links: list[SheetLink]) -> None:
        """Keep a sheet just written."""
        self._carry(digest, keys, styles, zlib.compress(xml.encode("utf-8"), 1), [list(link) for link in links])
        self._changed = True

    def _carry(self, digest: str, keys: tuple[StyleKey, ...], styles: str, xml: bytes,
               links: list[SheetLink]) -> None:
        entry = self._new.setdefault(digest, (keys, {}))
        entry[1][styles] = (xml, links)

    def save(self, digests: set[str]) -> None:
        """Write the store with the sheets of the tables in ``digests`` (the tables
        this build has): those written or used now, and those kept from before whose
        workbook was not written again. A build that wrote no workbook leaves the
        store as it was (a table gone since is dropped by the next that writes one)."""
        if self.path is None or (self._old is None and not self._new):
            return
        old = self._entries()
        kept = {digest: self._new.get(digest) or old[digest] for digest in sorted(digests)
                if digest in self._new or digest in old}
        for digest, entry in kept.items():
            before = old.get(digest)
            if before is not None and before is not entry:
                # the same table's sheet in another workbook (a report's and its
                # folder's family workbook): kept while there is room, newest first
                for styles, sheet in before[1].items():
                    if len(entry[1]) >= MAX_WORKBOOKS:
                        break
                    entry[1].setdefault(styles, sheet)
        if not self._changed and kept.keys() == old.keys():
            return
        temporary = self.path.with_name(self.path.name + ".tmp")
        temporary.write_bytes(pickle.dumps((_FORMAT, kept), protocol=pickle.HIGHEST_PROTOCOL))
        temporary.replace(self.path)


def _read(path: Path | None) -> dict:
    if path is None:
        return {}
    try:
        data = pickle.loads(path.read_bytes())
    except Exception:  # noqa: BLE001 - a missing or broken store is an empty one
        return {}
    if not (isinstance(data, tuple) and len(data) == 2 and data[0] == _FORMAT and isinstance(data[1], dict)):
        return {}
    return data[1]
