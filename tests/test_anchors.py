"""Links to a section of another page that has no such label (checks/anchors.py): the
check finds them, never one that MyST resolves, and the build says each once.

The oracle is MyST: the same project built with Lotsen's Swedish findings turned off
gives MyST's own warnings ("local id not found"), and the check's findings must be
among them, at the same lines."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

import lotsen.sphinx.extension as extension
from lotsen.checks.anchors import page_labels
from lotsen.cli.main import main
from lotsen.source.blocks import Reading

from conftest import make_project, reported, sphinx_build

TARGET = """# Rutinen

(nycklar)=
## Nycklar

- (i-lista)=
  Punkt.

```{note}
:name: notisen

En notis.
```

```{figure} bild.png
:name: Bilden Stor

Bildtext.
```

(Stora Bokstäver)=
## Stora

```text
(bara-kod)=
```
"""

#: fragment -> whether MyST finds it (by the label's name or id)
FRAGMENTS = {
    "nycklar": True, "i-lista": True, "notisen": True, "bilden stor": None, "bilden-stor": True,
    "stora bokstäver": None, "stora-bokstaver": True, "Nycklar": False, "saknas": False,
    "nyckel": False, "bara-kod": False, "rutinen": False, "stora": False,
}


def _links() -> str:
    lines = ["# Länkar", ""]
    for fragment in FRAGMENTS:
        lines += [f"Se [avsnittet](rutin.md#{fragment.replace(' ', '%20')}) här.", ""]
    lines += ["En lång mening som fortsätter", "på nästa rad med [en länk](rutin.md#saknas-igen)", "och slutar här.", ""]
    return "\n".join(lines)


def _project(tmp_path: Path) -> Path:
    src = make_project(tmp_path / "p", {"rutin.md": TARGET, "lankar.md": _links()})
    (src / "bild.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    return src


def _check(src: Path, capsys: pytest.CaptureFixture[str]) -> list[tuple[str, int, str]]:
    main(["check", "--root", str(src), "--format", "json"])
    return sorted((f["file"], f["line"], f["code"]) for f in json.loads(capsys.readouterr().out))


def test_the_check_finds_only_what_myst_cannot_resolve(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    src = _project(tmp_path)
    main(["check", "--root", str(src), "--format", "json"])
    checked = {(f["line"], re.search(r"avsnittet '([^']*)'", f["message"])[1])
               for f in json.loads(capsys.readouterr().out) if f["code"] == "reference_missing"}
    with monkeypatch.context() as plain:
        plain.setattr(extension, "setup_upstream_warnings", lambda app: None)
        result = sphinx_build(src, pdf=False)
    myst = {(int(m[1]), m[2]) for m in re.finditer(
        r"lankar\.md:(\d+): WARNING: local id not found in doc 'rutin': '([^']*)'", result.stderr)}
    assert myst, result.stderr[-2000:]
    # never a link MyST resolves: the same fragments, each on the link's line or, for a
    # link further down a paragraph, MyST's line of the paragraph
    assert {fragment for _, fragment in checked} <= {fragment for _, fragment in myst}
    missing = {fragment for fragment, found in FRAGMENTS.items() if found is False} | {"saknas-igen"}
    # every plain one it can be sure of: all but a label written only in a code block
    assert {fragment for _, fragment in checked} == missing - {"bara-kod"}
    assert {fragment for _, fragment in myst} == missing  # the oracle agrees on what resolves
    single = {(line, fragment) for line, fragment in checked if fragment != "saknas-igen"}
    assert single <= myst
def test_the_build_says_each_once(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    src = _project(tmp_path)
    checked = [(file, line, code) for file, line, code in _check(src, capsys) if code == "reference_missing"]
    result = sphinx_build(src, pdf=False)
    built = [(r.file, r.line, r.code) for r in reported(result.stderr) if r.code == "reference_missing"]
    assert len(built) == len(set(built))
    assert set(checked) <= set(built)
    assert result.returncode != 0


@pytest.mark.parametrize("text", [
    "# A\n\n```{include} annan.md\n```\n",
    "# A\n\n## B {#b}\n",
    "---\nmyst:\n  heading_anchors: 2\n---\n# A\n",
])
def test_a_page_whose_labels_the_check_cannot_know_is_left_alone(text: str) -> None:
    assert page_labels(text, Reading()) is None


def test_labels_by_name_and_id() -> None:
    labels = page_labels("# A\n\n(Stora Bokstäver)=\n## B\n", Reading())
    assert labels == {"stora bokstäver", "stora-bokstaver"}


def test_a_link_on_a_page_of_drafts_is_not_built_and_not_reported(tmp_path: Path,
                                                                   capsys: pytest.CaptureFixture[str]) -> None:
    """The site leaves a page whose objects are all drafts out; the check says nothing
    of the links on it, as the build says nothing."""
    draft = ("# Utkast\n\nSe [avsnittet](rutin.md#saknas).\n\n```{krav} Ett utkast\n:id: KRAV-SOL-UTKAST\n"
             ":status: utkast\n:källa: SoL\n:kravtyp: lag\n```\n")
    src = make_project(tmp_path / "p", {"rutin.md": TARGET, "utkast.md": draft})
    (src / "bild.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    assert [f for f in _check(src, capsys) if f[2] == "reference_missing"] == []
    result = sphinx_build(src, pdf=False)
    assert [r for r in reported(result.stderr) if r.code == "reference_missing"] == []
