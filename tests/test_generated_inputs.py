"""A generated page (per unit, binder, per role, 'nytt') is made again only when what it
is made from changed (site/page_inputs.py), and an incremental build still leaves every
page as a clean build of the same sources, on the same day, writes it: after an edit to
an object a page lists, to an object it does not list but reads (a control's latest
result on its unit's page), to the model, and on another day and in another year."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from test_incremental_outputs import assert_same_site, block, edit

from conftest import TODAY, build_in_process, copy_sample


def build(src: Path, out: Path, doctrees: Path, today: str = TODAY) -> None:
    result = build_in_process(["-b", "html", "-q", "--no-color", "-d", str(doctrees), str(src), str(out)], today)
    assert result.returncode == 0, result.stderr[-3000:]


def same_as_clean(src: Path, out: Path, clean_site: Callable[..., Path], today: str = TODAY) -> None:
    clean = clean_site(src, today)  # a clean build of the same sources (build() here, conftest.PLAIN)
    # Sphinx keeps the build information of another configuration (another build date)
    (out / ".buildinfo.bak").unlink(missing_ok=True)
    assert_same_site(out, clean)


@pytest.fixture
def made(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The units whose page a build makes (computes), in order."""
    import lotsen.site.theme as theme

    units: list[str] = []
    real = theme.unit_page

    def counted(index, code, *args, **kwargs):  # type: ignore[no-untyped-def]
        units.append(code)
        return real(index, code, *args, **kwargs)
    monkeypatch.setattr(theme, "unit_page", counted)
    return units


def test_generated_pages_are_made_from_exactly_what_they_show(tmp_path: Path, made: list[str],
                                                              clean_site: Callable[..., Path]) -> None:
    src = copy_sample(tmp_path / "src")
    out, doctrees = tmp_path / "out", tmp_path / "doctrees"
    build(src, out, doctrees)
    assert len(made) > 10

    # a routine's title: only its unit's page and those of the units above it are made
    made.clear()
    edit(src / "routines" / "ht" / "rut-ht-005.md", "Åka på trygghetslarm", "Åka på larm från trygghetstelefon",
         count=2)
    build(src, out, doctrees)
    assert sorted(made) == ["ALD", "GEM", "HT"]
    same_as_clean(src, out, clean_site)

    # a control's latest result, which no unit page lists but HT's page shows
    made.clear()
    results = src / "results" / "2026" / "ktrl-ht-01.md"
    text = results.read_text(encoding="utf-8")
    latest = block(text, "RES-KTRL-HT-01-2026-K3")
    edit(results, latest, latest.replace(":genomförd: 2026-09-13", ":genomförd: 2026-09-14"))
    build(src, out, doctrees)
    assert "HT" in made
    assert "senaste resultat 2026-09-14" in (out / "enhet" / "ht.html").read_text(encoding="utf-8")
    same_as_clean(src, out, clean_site)

    # the model: a unit's new name, on its page, its binder and the pages that link it
    made.clear()
    edit(src / "lotsen.yaml", "Hemtjänsten Norrvik", "Hemtjänsten i Norrvik")
    build(src, out, doctrees)
    assert len(made) > 10
    same_as_clean(src, out, clean_site)

    # another day, then a new year: every page is as that day's clean build writes it
    for today in ("2026-11-23", "2027-01-02"):
        made.clear()
        build(src, out, doctrees, today)
        assert len(made) > 10
        same_as_clean(src, out, clean_site, today)

    # nothing changed: nothing is made again
    made.clear()
    build(src, out, doctrees, "2027-01-02")
    assert made == []
