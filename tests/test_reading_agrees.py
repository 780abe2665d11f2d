"""The checks that read what a page brings in (files from outside the repository, raw
HTML) read Markdown as MyST does, with the project's own settings: what MyST shows as
code or hides in a comment brings nothing in, and what MyST reads as a link does,
however it is written. `lotsen check` and the build agree on every case."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from lotsen.checks.confinement import references
from lotsen.checks.raw_html import find_raw_html
from lotsen.cli.main import main
from lotsen.source.blocks import Reading

from conftest import make_project, reported, reported_varnings, sphinx_build

UP = "../" * 12
#: name -> (text, [(code, line)] expected from both the check and the build)
CASES: dict[str, tuple[str, list[tuple[str, int]]]] = {
    # an example in a code block, an indented code block and an HTML comment: no file is read
    "kod.md": (f"# Kod\n\n```text\n![bild]({UP}etc/hostname) och [länk]({UP}etc/passwd)\n"
               f"```{{literalinclude}} {UP}etc/passwd\n```\n\n"
               f"    ```{{include}} {UP}etc/passwd\n    ```\n\n"
               f"<!--\n```{{literalinclude}} {UP}etc/passwd\n```\n[gammal]: {UP}etc/hosts\n-->\n\n"
               "Text.\n", []),
    # a link whose target stands on the next line is a link all the same
    "radbrytning.md": (f"# Länk\n\nSe [listan](\n{UP}etc/hostname) här.\n", [("outside_repository", 3)]),
}


def findings_of_both(root: Path, capsys: pytest.CaptureFixture[str]) -> tuple[set, set]:
    main(["check", "--root", str(root), "--format", "json"])
    checked = {(f["code"], f["file"], f["line"]) for f in json.loads(capsys.readouterr().out)}
    result = sphinx_build(root)
    assert "Traceback" not in result.stderr
    built = {(r.code, r.file, r.line) for r in reported(result.stderr) + reported_varnings(result.stdout)}
    return checked, built


def test_what_myst_shows_as_code_brings_nothing_in(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = make_project(tmp_path / "proj", {name: text for name, (text, _) in CASES.items()})
    checked, built = findings_of_both(root, capsys)
    expected = {(code, name, line) for name, (_, pairs) in CASES.items() for code, line in pairs}
    assert checked == built == expected


@pytest.mark.parametrize("colon_fence", [False, True])
def test_a_colon_fence_brings_a_file_in_only_where_the_project_enables_it(
        colon_fence: bool, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = make_project(tmp_path / "proj", {"kolon.md": f"# Kolon\n\n:::{{literalinclude}} {UP}etc/passwd\n:::\n"})
    if colon_fence:
        with (root / "conf.py").open("a", encoding="utf-8") as conf:
            conf.write('myst_enable_extensions = ["colon_fence"]\n')
    checked, built = findings_of_both(root, capsys)
    expected = {("outside_repository", "kolon.md", 3)} if colon_fence else {("colon_fence_as_text", "kolon.md", 3)}
    assert checked == built == expected


def test_references_follow_the_reading() -> None:
    text = f"# K\n\n:::{{include}} {UP}etc/passwd\n:::\n"
    assert references(text) == []
    assert [(r.line, r.what) for r in references(text, Reading.with_extensions("colon_fence"))] == [(3, "{include}")]


MATH = "# Formel\n\nRiskvärdet är $s<b>k$ när skalan är 1–4.\n"


def test_raw_html_is_read_with_the_projects_settings() -> None:
    """With dollarmath on, `$s<b>k$` is a formula, not an HTML tag."""
    assert [(hit.line, hit.tags) for hit in find_raw_html(MATH)] == [(3, ("b",))]
    assert find_raw_html(MATH, Reading.with_extensions("dollarmath")) == []


@pytest.mark.parametrize("dollarmath", [False, True])
def test_lotsen_check_reads_raw_html_as_the_project_does(dollarmath: bool, tmp_path: Path,
                                                        capsys: pytest.CaptureFixture[str]) -> None:
    root = make_project(tmp_path / "proj", {"formel.md": MATH})
    if dollarmath:
        with (root / "conf.py").open("a", encoding="utf-8") as conf:
            conf.write('myst_enable_extensions = ["dollarmath"]\n')
    main(["check", "--root", str(root), "--format", "json"])
    found = [(f["code"], f["line"]) for f in json.loads(capsys.readouterr().out)]
    assert found == ([] if dollarmath else [("raw_html", 3)])
