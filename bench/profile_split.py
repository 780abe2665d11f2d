"""Where a Sphinx build's time goes, from a pyinstrument session: Lotsen's parts,
sphinx-needs, MyST, Sphinx's own reading and writing, Pagefind.

Record a session first (pyinstrument is not one of Lotsen's requirements; install it
where you like, for instance a throwaway venv that can see .venv's packages):

    LOTSEN_TODAY=2030-12-31 python -m pyinstrument -r session -o /tmp/M.pyisession \\
        -m sphinx -b html -E -a -q -d /tmp/d /tmp/bench/M /tmp/out
    python bench/profile_split.py /tmp/M.pyisession [--top 30] [--json out.json]

Each sample goes to one category. A Lotsen event handler owns everything below it
(the docutils nodes Lotsen's reports build count as Lotsen's). sphinx-needs, mermaid
and MyST own what is below them until another of them takes over (MyST parsing a
need's body is MyST's time). Elsewhere the innermost of the toctree, Sphinx's search
index, templates, the HTML writer and pickling counts, or else Sphinx's reading or
writing phase.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import defaultdict
from pathlib import Path

#: (category, file path fragment, function names or None for all). The outermost match
#: owns the subtree, except that a coarse owner (below) hands over to a deeper match.
#: The paths are the package layout: model -> source -> checks -> reports -> site,
#: sphinx glue, cli (docs/arkitektur.md).
OWNERS = [
    # build-finished: the exports, split by what they write
    ("Lotsen: exports, papers as PDF", "lotsen/site/document_pdf.py", None),
    ("Lotsen: exports, papers as DOCX", "lotsen/reports/document_docx.py", None),
    ("Lotsen: exports, papers as HTML", "lotsen/site/document_html.py", None),
    ("Lotsen: exports, binder PDF", "lotsen/site/binder_pdf.py", None),
    ("Lotsen: exports, workbooks (xlsx)", "lotsen/reports/workbook.py", None),
    ("Lotsen: exports, CSV and the rest", "lotsen/sphinx/exports.py", None),
    ("Lotsen: needs.json", "lotsen/sphinx/needs_json.py", None),
    ("Lotsen: offline copy and Pagefind", "lotsen/site/theme.py", {"_start_offline", "_finish_offline"}),
    ("Lotsen: offline copy and Pagefind", "lotsen/site/offline.py", None),
    ("Lotsen: stale output removed", "lotsen/sphinx/stale_output.py", None),
    ("Lotsen: cache saved", "lotsen/sphinx/extension.py", {"_save_cache"}),
    ("Lotsen: what to read and rewrite (incremental)", "lotsen/sphinx/incremental.py", None),
    # reading: configuration, the checks after reading, raw HTML
    ("Lotsen: scanning sources (source/scanner, blocks)", "lotsen/source/scanner.py", None),
    ("Lotsen: scanning sources (source/scanner, blocks)", "lotsen/source/blocks.py", None),
    ("Lotsen: raw HTML check (markdown-it re-parse)", "lotsen/checks/raw_html.py", None),
    ("Lotsen: confinement check", "lotsen/checks/confinement.py", None),
    ("Lotsen: checks after reading (pipeline)", "lotsen/sphinx/extension.py", {"_validate"}),
    ("Lotsen: configuration and left-out pages", "lotsen/sphinx/extension.py", {"_configure", "_leave_out"}),
    ("Lotsen: raw HTML on read", "lotsen/sphinx/extension.py", {"_sanitise_raw_html"}),
    ("Lotsen: state (purge, merge)", "lotsen/sphinx/state.py", None),
    # writing: the pages
    ("Lotsen: reports on pages", "lotsen/sphinx/report_pages.py", {"_resolved"}),
    ("Lotsen: object cards and routine pages", "lotsen/site/theme.py", {"_objects"}),
    ("Lotsen: start page", "lotsen/site/theme.py", {"_start"}),
    ("Lotsen: page context (theme)", "lotsen/site/theme.py", {"_page_context"}),
    ("Lotsen: page context (theme)", "lotsen/site/preview_findings.py", {"_page_context"}),
    ("Lotsen: unit, role and binder pages", "lotsen/site/theme.py", {"_collect_pages"}),
    ("Lotsen: bare IDs as links", "lotsen/sphinx/id_links.py", None),
    ("sphinx-needs", "/sphinx_needs/", None),
    ("mermaid", "sphinxcontrib/mermaid", None),
    ("MyST parsing", "/myst_parser/", None),
]
#: Owners that a deeper owner may take over from: MyST parsing a need's body is MyST's
#: time, not sphinx-needs'; a need directive inside a MyST document is sphinx-needs'.
#: The coarse Lotsen owners hand over to the finer ones below them (the scan inside the
#: checks, the papers inside the exports).
HANDOVER = {"sphinx-needs", "mermaid", "MyST parsing", "Lotsen: exports, CSV and the rest",
            "Lotsen: checks after reading (pipeline)", "Lotsen: configuration and left-out pages",
            "Lotsen: unit, role and binder pages", "Lotsen: reports on pages"}
#: Innermost match wins, unless an owner is above. Lotsen's code elsewhere counts by
#: package (``Lotsen: other (checks)``).
GENERIC = [
    ("Lotsen: other", ("/lotsen/",)),
    ("MyST parsing", ("/markdown_it/", "/mdit_py_plugins/")),
    ("Sphinx toctree", ("sphinx/environment/adapters/toctree.py", "sphinx/environment/collectors/toctree.py")),
    ("Sphinx search index", ("sphinx/search/",)),
    ("templates (jinja2)", ("/jinja2/", "sphinx/jinja2glue.py")),
    ("HTML writer", ("sphinx/writers/html", "docutils/writers/")),
    ("pickle (environment, doctrees)", ("pickle",)),
]
PHASES = [
    ("Sphinx reading (other)", "sphinx/builders/__init__.py", {"read", "_read_serial", "read_doc"}),
    ("Sphinx writing (other)", "sphinx/builders/__init__.py", {"write", "_write_serial", "write_documents"}),
    ("Sphinx finishing (other)", "sphinx/builders/html/__init__.py", {"finish"}),
]


def _function(frame) -> str:
    return f"{frame.class_name}.{frame.function}" if frame.class_name else frame.function


def _package(path: str) -> str:
    """``checks`` for .../lotsen/checks/raw_html.py, ``lotsen`` for .../lotsen/cache.py."""
    parts = Path(path).parts
    at = len(parts) - 1 - parts[::-1].index("lotsen") if "lotsen" in parts else -1
    return parts[at + 1] if 0 <= at < len(parts) - 2 else "lotsen"


def _matches(frame, fragment: str, names) -> bool:
    path = frame.file_path or ""
    if fragment not in path:
        return False
    return names is None or frame.function in names or _function(frame) in names


def split(root) -> tuple[dict[str, float], dict[str, float], float]:
    """(seconds per category, seconds per Lotsen function (total, outermost call), total)."""
    categories: dict[str, float] = defaultdict(float)
    lotsen_functions: dict[str, float] = defaultdict(float)

    def visit(frame, owner: str | None, generic: str | None, phase: str | None, lotsen_seen: set[str]) -> None:
        if owner is None or owner in HANDOVER:
            for name, fragment, names in OWNERS:
                if _matches(frame, fragment, names):
                    owner = name
                    break
        if owner is None:
            for name, fragments in GENERIC:
                if any(f in (frame.file_path or "") for f in fragments):
                    generic = f"{name} ({_package(frame.file_path)})" if name == "Lotsen: other" else name
            for name, fragment, names in PHASES:
                if _matches(frame, fragment, names):
                    phase = name
        path = frame.file_path or ""
        if "/lotsen/" in path:
            key = f"{_package(path)}/{Path(path).name}:{_function(frame)}"
            if key not in lotsen_seen:  # count recursive calls once
                lotsen_functions[key] += frame.time
                lotsen_seen = lotsen_seen | {key}
        self_time = frame.time - sum(c.time for c in frame.children)
        categories[owner or generic or phase or "other (startup, config, events)"] += max(0.0, self_time)
        for child in frame.children:
            visit(child, owner, generic, phase, lotsen_seen)

    sys.setrecursionlimit(100000)
    visit(root, None, None, None, set())
    return dict(categories), dict(lotsen_functions), root.time


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("session", type=Path)
    parser.add_argument("--top", type=int, default=30, help="Lotsen functions to list")
    parser.add_argument("--json", type=Path)
    args = parser.parse_args(argv)
    try:
        from pyinstrument.session import Session
    except ImportError:
        parser.error("pyinstrument saknas: installera det (pip install pyinstrument==5.1.3) där du kör detta")
    root = Session.load(str(args.session)).root_frame()
    categories, functions, total = split(root)
    print(f"total {total:.2f} s")
    for name, seconds in sorted(categories.items(), key=lambda item: -item[1]):
        print(f"{seconds:8.2f} s {100 * seconds / total:5.1f} %  {name}")
    print("\nLotsen functions (total time, including what they call):")
    for name, seconds in sorted(functions.items(), key=lambda item: -item[1])[: args.top]:
        print(f"{seconds:8.2f} s {100 * seconds / total:5.1f} %  {name}")
    if args.json:
        args.json.write_text(json.dumps({"total_s": total, "categories": categories, "lotsen_functions": functions},
                                        ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
