"""A Document (reports/document.py) written as the files people use: a standalone page
(``<slug>.html``), a PDF (``<slug>.pdf``) and a Word file (``<slug>.docx``), from the
same chapters, so the three cannot disagree. Each format has a module of its own:
site/document_html.py, site/document_pdf.py, reports/document_docx.py."""

from __future__ import annotations

import contextlib
import datetime as dt
import errno
import os
import shutil
import tempfile
from pathlib import Path

from lotsen.model import Model
from lotsen.reports.document import Document
from lotsen.reports.document_docx import document_docx, docx_digest
from lotsen.reports.render import Resolver
from lotsen.reports.workbook import Sheet, workbook_xlsx
from lotsen.site.document_html import document_html
from lotsen.site.document_pdf import printed_pdf
from lotsen.site.level_styles import level_colours
from lotsen.site.templates import Templates

FORMATS = ("html", "pdf", "docx")
#: With the document's tables as one Excel workbook too.
ALL_FORMATS = (*FORMATS, "xlsx")


def write_outputs(document: Document, out_dir: Path, *, model: Model | None = None,
                  resolve: Resolver | None = None, issued: dt.date | None = None,
                  templates: Templates | None = None, formats: tuple[str, ...] = FORMATS,
                  printed: Path | None = None) -> list[Path]:
    """Write the document's files into ``out_dir`` and return their paths
    (``formats``: any of ALL_FORMATS; html, pdf and docx unless told), all or none
    (``write_all``).

    ``model`` gives the risk levels' colours; ``resolve`` turns an object's ID into a
    link on the page (none: IDs stay text); ``issued`` is the date the PDF and the Word
    file record (none: no date in the PDF, a fixed one in the Word file). A file whose
    bytes have not changed is left as it is. ``printed``: a file (a build's own folder)
    that keeps a hash of the page the PDF was last printed from: while the page is the
    same, the PDF is not printed again, the slowest step by far (site/document_pdf.py).
    The Word file is kept the same way, by a hash of the document itself, in
    ``<printed's stem>.docx.sha256`` beside it (reports/document_docx.py docx_digest)."""
    files = output_files(document, out_dir, model=model, resolve=resolve, issued=issued, templates=templates,
                         formats=formats, printed=printed)
    write_all(files)
    return list(files)


def output_files(document: Document, out_dir: Path, *, model: Model | None = None,
                 resolve: Resolver | None = None, issued: dt.date | None = None,
                 templates: Templates | None = None, formats: tuple[str, ...] = FORMATS,
                 printed: Path | None = None) -> dict[Path, bytes]:
    """The files ``write_outputs`` writes, by path, made but not written."""
    out_dir = Path(out_dir)
    fills = level_colours(model) if model is not None else None
    html = document_html(document, model=model, resolve=resolve, issued=issued, templates=templates)
    outputs = {
        "html": lambda: html.encode("utf-8"),
        "pdf": lambda: printed_pdf(html, out_dir / f"{document.slug}.pdf", printed),
        "docx": lambda: _kept_docx(document, issued, fills, out_dir / f"{document.slug}.docx", printed),
        "xlsx": lambda: document_xlsx(document, issued, resolve, fills),
    }
    return {out_dir / f"{document.slug}.{kind}": outputs[kind]() for kind in formats}


def write_all(files: dict[Path, bytes]) -> None:
    """Write every file, or none: a failure leaves nothing of this run and the files
    there before as they were. Each file is written to a folder of its own beside its
    target first; only when all are written are they moved in place, the files they
    replace set aside until all have moved (and put back if one move fails). A file
    whose bytes are the same is left as it is. An OSError says what went wrong."""
    changed = {path: data for path, data in files.items()
               if not (path.is_file() and path.read_bytes() == data)}
    for path in changed:
        if path.exists() and not path.is_file():
            raise IsADirectoryError(errno.EISDIR, os.strerror(errno.EISDIR), str(path))
    made: set[Path] = set()  # the folders this run makes, taken away again on a failure
    for folder in {p.parent for p in changed}:
        while not folder.exists():
            made.add(folder)
            folder = folder.parent
    stages: dict[Path, Path] = {}
    moved: list[tuple[Path, Path | None]] = []  # (target, the file it replaced, set aside)
    try:
        for folder in sorted({p.parent for p in changed}):
            folder.mkdir(parents=True, exist_ok=True)
            stages[folder] = Path(tempfile.mkdtemp(prefix=".lotsen-ny-", dir=folder))
        for path, data in changed.items():
            (stages[path.parent] / path.name).write_bytes(data)
        for path in changed:
            aside = None
            if path.is_file():
                aside = stages[path.parent] / f"{path.name}.förra"
                os.replace(path, aside)
            moved.append((path, aside))
            os.replace(stages[path.parent] / path.name, path)
    except BaseException:
        for path, aside in reversed(moved):
            with contextlib.suppress(OSError):
                if aside is not None and aside.is_file():
                    os.replace(aside, path)
                elif path.is_file():
                    path.unlink()
        for stage in stages.values():
            shutil.rmtree(stage, ignore_errors=True)
        for folder in sorted(made, key=lambda f: len(f.parts), reverse=True):
            with contextlib.suppress(OSError):
                folder.rmdir()
        raise
    finally:
        for stage in stages.values():
            shutil.rmtree(stage, ignore_errors=True)


def _kept_docx(document: Document, issued: dt.date | None, fills: dict[str, str] | None, path: Path,
               printed: Path | None) -> bytes:
    """The Word file for ``path``; not made again while the document is the one it was
    last made from (its hash kept beside ``printed``)."""
    if printed is None:
        return document_docx(document, issued, fills)
    record = printed.with_name(f"{printed.stem}.docx.sha256")
    digest = docx_digest(document, issued, fills)
    if path.is_file() and record.is_file() and record.read_text("utf-8") == digest:
        return path.read_bytes()
    data = document_docx(document, issued, fills)
    record.parent.mkdir(parents=True, exist_ok=True)
    record.write_text(digest, encoding="utf-8")
    return data


def document_xlsx(document: Document, issued: dt.date | None, link: Resolver | None = None,
                  fills: dict[str, str] | None = None) -> bytes:
    """The document's tables as one workbook, a sheet per table (reports/workbook.py)."""
    sheets = [Sheet(s.table.caption, s.table, c.title) for c in document.chapters for s in c.sections
              if s.table is not None]
    return workbook_xlsx(sheets, issued or dt.date(2000, 1, 1), document.title, link, fills)
