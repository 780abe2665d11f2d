"""The files a build writes beside the report pages: each report's tables as CSV and
one Excel workbook, a workbook of every report in a folder (``alla-rapporter.xlsx``),
and the nämnd's papers as PDF and Word.

A workbook is slow to write, so a build writes one only when what it is made from
changed: a digest of the report's tables, the addresses its object IDs link to, the
date and the colours (reports/render.py export_digest) is kept beside the doctrees, in
``lotsen-exports.json``, saved when the exports are done, with the size and time of
each file as it was written: a file changed or removed since is made again, and a file
the last build exported that this one does not is removed. The family workbook is
written when one of its reports' digests changed (its digest is made of theirs). A
workbook written again takes the sheets of unchanged tables as the last build wrote
them (``lotsen-sheets.pickle``, reports/kept_sheets.py): after an edit only the
changed tables' sheets are written. The papers' PDF and Word files are written only
with ``lotsen_pdf`` (make html, a publish), and again only when the paper changed
(site/document_output.py).
"""

from __future__ import annotations

import functools
import json
import posixpath
from collections.abc import Callable
from pathlib import Path

from sphinx.application import Sphinx
from sphinx.util import logging

from lotsen.cache import read_kept
from lotsen.reports.kept_sheets import KeptSheets
from lotsen.reports.papers import PAPERS, paper_of
from lotsen.reports.render import (
    Resolver,
    export_digest,
    family_digest,
    family_xlsx,
    report_sheets,
    table_digest,
    write_exports,
)
from lotsen.reports.tables import Report
from lotsen.reports.workbook import PreparedTables
from lotsen.site.document_pdf import PdfUnavailable
from lotsen.site.level_styles import level_colours
from lotsen.source.index import ObjectIndex
from lotsen.sphinx.report_pages import DOCUMENTS, FAMILY_WORKBOOK, docname_of, pages_written, report_of, resolver
from lotsen.sphinx.state import build_state, env_data

logger = logging.getLogger(__name__)

#: Beside the doctrees: the workbook's path in the site -> [digest of what it and its
#: CSV files were written from, [[file's path, size, mtime_ns], ...] as written].
DIGESTS_FILE = "lotsen-exports.json"
#: Beside the doctrees: the sheets of the workbooks written, for the next build to
#: take those whose tables did not change (reports/kept_sheets.py).
SHEETS_FILE = "lotsen-sheets.pickle"
#: The family workbook's title (its first sheet names each table's report).
FAMILY_TITLE = "Alla rapporter"


def workbook_linker(app: Sphinx, index: ObjectIndex, fromdoc: str) -> Resolver:
    """Links from a workbook beside the page ``fromdoc`` to objects' pages: absolute
    where conf.py gives the site's address (``html_baseurl``), so that a downloaded
    workbook still links; otherwise relative to the workbook's folder."""
    base = (app.config.html_baseurl or "").rstrip("/")
    relative = resolver(app, index, fromdoc)
    if not base:
        # asked twice per ID (the digest, then the workbook): remembered for the build
        return functools.lru_cache(maxsize=None)(relative)

    @functools.lru_cache(maxsize=None)
    def link(need_id: str) -> str | None:
        need = index.by_id.get(need_id)
        if need is None or docname_of(need.file) not in app.env.all_docs:
            return None
        return f"{base}/{app.builder.get_target_uri(docname_of(need.file))}#{need_id}"
    return link


def workbook_linkers(app: Sphinx, index: ObjectIndex) -> Callable[[str], Resolver]:
    """Each page's ``workbook_linker``, one for all the pages whose links are the same,
    so that an object's address is looked up once and the tables of a folder are
    prepared once for its report and family workbooks. Absolute links are the same
    from every page; relative ones from the pages of one folder of the site, except to
    the page itself (Sphinx links a page to itself by its anchor alone): a page that
    holds objects keeps its own."""
    base = (app.config.html_baseurl or "").rstrip("/")
    pages = set() if base else {docname_of(need.file) for need in index.by_id.values()}
    made: dict[tuple[str, str], Resolver] = {}

    def linker(docname: str) -> Resolver:
        if base:
            key = ("site", "")
        elif docname in pages:
            key = ("page", docname)
        else:
            key = ("folder", posixpath.dirname(app.builder.get_target_uri(docname)))
        if key not in made:
            made[key] = workbook_linker(app, index, docname)
        return made[key]
    return linker


def write_build_exports(app: Sphinx, exception: Exception | None) -> None:
    if exception is not None or app.builder.format != "html" or not pages_written(app):
        return
    if build_state(app).outputs_made:
        return  # made by a forked process while the pages were written (sphinx/second_core.py)
    index = build_state(app).index
    if index is None:
        return
    outdir = Path(app.outdir)
    fills = level_colours(index.model)
    before = read_kept(Path(app.doctreedir) / DIGESTS_FILE)
    after: dict[str, str] = {}
    stamps: dict[str, list[list]] = {}
    families: dict[Path, tuple[str, list[Report], list[str]]] = {}
    linker = workbook_linkers(app, index)
    prepared: dict[int, PreparedTables] = {}  # by linker: a table written twice is prepared once
    sheets = KeptSheets(Path(app.doctreedir) / SHEETS_FILE)

    def prepared_for(link: Resolver) -> PreparedTables:
        if id(link) not in prepared:
            prepared[id(link)] = PreparedTables(link, fills, functools.partial(table_digest, link=link, fills=fills),
                                                sheets)
        return prepared[id(link)]

    for docname, kinds in sorted(env_data(app.env).report_docs.items()):
        folder = (outdir / docname).parent
        link = linker(docname)
        first, reports, digests = families.get(folder, (docname, [], []))
        for kind in kinds:
            if kind in DOCUMENTS:
                continue  # the berättelse's files are written by `lotsen berättelse`
            report = report_of(index, kind)
            if report.tables():
                reports.append(report)
                key = (folder / f"{report.slug}.xlsx").relative_to(outdir).as_posix()
                after[key] = export_digest(report_sheets(report), report.title, index.today,
                                           digest_of=prepared_for(link).digest)
                digests.append(after[key])
                files = [outdir / key, *(folder / f"{report.slug}-{table.key}.csv" for table in report.tables())]
                if not _kept(before.get(key), after[key], files, outdir):
                    write_exports(report, folder, index.today, link, fills, prepared_for(link))
                stamps[key] = _stamps(files, outdir)
            if kind in PAPERS:  # a new year's paper is another file: the old one goes
                for path in _paper_files(app, index, kind, folder, link):
                    key = path.relative_to(outdir).as_posix()
                    after[key], stamps[key] = "", _stamps([path], outdir)
        families[folder] = (first, reports, digests)
    for folder, (first, reports, digests) in families.items():
        if not reports:
            continue
        link = linker(first)
        key = (folder / FAMILY_WORKBOOK).relative_to(outdir).as_posix()
        # made of the reports' tables with the same links (one folder): their digests
        # in order tell all it is made from, without hashing every table again
        after[key] = family_digest(digests, FAMILY_TITLE)
        if not _kept(before.get(key), after[key], [outdir / key], outdir):
            (outdir / key).write_bytes(family_xlsx(reports, index.today, FAMILY_TITLE, link, fills, prepared_for(link)))
        stamps[key] = _stamps([outdir / key], outdir)
    kept = {key: [digest, stamps[key]] for key, digest in after.items()}
    _remove_stale(before, kept, outdir)
    sheets.save(set().union(*(tables.digests() for tables in prepared.values())))
    (Path(app.doctreedir) / DIGESTS_FILE).write_text(json.dumps(kept, sort_keys=True, indent=0), encoding="utf-8")


def _remove_stale(before: dict, after: dict, outdir: Path) -> None:
    """Remove the files the last build exported that this one does not: a report's
    files are named by its slug, which may hold the year (a new year's paper), and a
    table that is gone leaves its CSV file; a clean build has none of them."""
    def paths(record: dict) -> set[str]:
        return {stamp[0] for entry in record.values() if isinstance(entry, list) and len(entry) == 2
                and isinstance(entry[1], list) for stamp in entry[1] if isinstance(stamp, list) and stamp
                and isinstance(stamp[0], str)}

    for name in sorted(paths(before) - paths(after)):
        path = outdir / name
        if path.resolve().is_relative_to(outdir.resolve()):
            path.unlink(missing_ok=True)


def _stamps(files: list[Path], outdir: Path) -> list[list]:
    """Each file's path in the site, size and modification time (None: missing)."""
    stamps: list[list] = []
    for path in files:
        try:
            stat = path.stat()
            stamps.append([path.relative_to(outdir).as_posix(), stat.st_size, stat.st_mtime_ns])
        except OSError:
            stamps.append([path.relative_to(outdir).as_posix(), None, None])
    return stamps


def _kept(before: object, digest: str, files: list[Path], outdir: Path) -> bool:
    """Whether the files kept from the last build may stay: written from the same
    digest, and each still there as it was written (the same size and time)."""
    return (isinstance(before, list) and len(before) == 2 and before[0] == digest
            and before[1] == _stamps(files, outdir))


def _paper_files(app: Sphinx, index: ObjectIndex, kind: str, folder: Path, link: Resolver) -> list[Path]:
    """The paper's PDF and Word file beside its page: with ``lotsen_pdf`` (make html, a
    publish), each made again only when what it is made from changed; without it
    (a preview, a bare sphinx-build) none, and none left from an earlier build. The
    files this build has for the paper."""
    paper = paper_of(index, kind)
    files = [folder / f"{paper.slug}{suffix}" for suffix in (".pdf", ".docx")]
    if not app.config.lotsen_pdf:
        for path in files:
            path.unlink(missing_ok=True)
        return []
    if build_state(app).pdf_unavailable:
        return files
    # imported here: only a build with lotsen_pdf writes the papers' files (Word, PDF)
    from lotsen.site.document_output import write_outputs

    try:
        write_outputs(paper, folder, model=index.model, resolve=link, issued=index.today,
                      formats=("pdf", "docx"), printed=Path(app.doctreedir) / "lotsen-pdf" / f"{kind}.sha256")
    except PdfUnavailable as exc:  # said once a build
        build_state(app).pdf_unavailable = True
        logger.warning(str(exc), type="lotsen", subtype="pdf_unavailable")
    return files


def setup_exports(app: Sphinx) -> None:
    app.connect("build-finished", write_build_exports)
