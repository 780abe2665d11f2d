"""A preview shows a page's findings at the top, in plain Swedish with the line to fix;
the staff site never does. The line is found in the edited file, not taken from Lotsen."""

from __future__ import annotations

import shutil
from pathlib import Path

from conftest import copy_sample, sphinx_build
from html_tables import soup

ROUTINE = "routines/ht/rut-ht-002.md"


def test_a_bad_date_is_shown_on_its_page_in_the_preview_only(tmp_path: Path) -> None:
    src = copy_sample(tmp_path / "src")
    path = src / ROUTINE
    path.write_text(path.read_text(encoding="utf-8").replace(":fastställd: 2026-03-12", ":fastställd: 2026-13-25"),
                    encoding="utf-8")
    line = next(i for i, text in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
                if text == ":fastställd: 2026-13-25")

    # pages only: printing the binders anew (the drafts, the edited routine) is not the subject
    preview = sphinx_build(src, "-D", "lotsen_preview=1", pdf=False)
    assert preview.returncode != 0  # the finding still fails the build
    page = soup(src / "_build/html/routines/ht/rut-ht-002.html")
    box = page.select_one("main .lotsen-fynd") or page.select_one(".lotsen-fynd")
    assert box is not None and box.get("role") == "alert"
    text = box.get_text(" ", strip=True)
    assert f"Rad {line}:" in text and "'2026-13-25'" in text and "ÅÅÅÅ-MM-DD" in text
    assert "1 fel att rätta i routines/ht/rut-ht-002.md" in text
    for word in ("MyST", "YAML", "sphinx", "direktiv"):
        assert word.lower() not in text.lower()
    # the box comes before the page's own heading
    assert str(page).index("lotsen-fynd") < str(page).index("<h1")
    # a page without findings has no box
    assert soup(src / "_build/html/routines/ht/rut-ht-001.html").select_one(".lotsen-fynd") is None

    shutil.rmtree(src / "_build")
    staff = sphinx_build(src, pdf=False)
    assert staff.returncode != 0
    assert "lotsen-fynd" not in (src / "_build/html/routines/ht/rut-ht-002.html").read_text(encoding="utf-8")
