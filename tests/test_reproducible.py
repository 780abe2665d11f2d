"""Two clean builds of the same sources give the same files, byte for byte."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from conftest import copy_sample, sphinx_build

#: Files allowed to differ between two builds of the same commit. None, today: every
#: stamp is derived from the sources or from LOTSEN_TODAY.
STAMPS: set[str] = set()


def digests(site: Path) -> dict[str, str]:
    return {p.relative_to(site).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(site.rglob("*")) if p.is_file()}


def test_two_clean_builds_in_different_folders_are_identical(tmp_path: Path, sample_site,
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    first_src, first = sample_site
    assert first.returncode == 0, first.stderr
    # the binders' PDFs are printed again, not taken from the suite's shared store
    monkeypatch.setenv("LOTSEN_PDF_CACHE", str(tmp_path / "own-pdf-store"))
    second_src = copy_sample(tmp_path / "another" / "place")
    second = sphinx_build(second_src)
    assert second.returncode == 0, second.stderr
    a, b = digests(first_src / "_build" / "html"), digests(second_src / "_build" / "html")
    assert a.keys() == b.keys()
    differing = {name for name in a if a[name] != b[name]} - STAMPS
    assert differing == set()
    assert len(a) > 100
