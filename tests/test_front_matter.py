"""The lines between --- at the top of a page, judged as MyST judges them: MyST's own
docutils parser is the oracle of how many things it would warn of; Lotsen says each in
Swedish at its line, the check and the build alike, and the build says nothing in English."""

from __future__ import annotations

import io
import re
from pathlib import Path

import docutils.core
import pytest
from myst_parser.parsers.docutils_ import Parser

from lotsen.cli.main import main

from conftest import make_project, reported, sphinx_build

BODY = "# Rutin\n\nText.\n"
#: (front matter, the lines Lotsen names)
CASES = {
    "tabb i indrag": ("---\ntitle: Rutin\nmeta:\n\tnyckel: värde\n---\n", [4]),
    "citattecken som inte stängs": ('---\ntitle: "Rutin\nnyckel: x\n---\n', None),
    "bara en text": ("---\nbara en rad text\n---\n", [1]),
    "en lista": ("---\n- ett\n- två\n---\n", [1]),
    "html_meta överst": ("---\nhtml_meta:\n  description: Rutinen\n---\n", [2]),
    "okänd inställning under myst": ("---\ntitle: Rutin\nmyst:\n  finns_inte: 1\n---\n", [4]),
    "myst är ingen tabell": ("---\nmyst: ja\n---\n", [2]),
    "inget mellan raderna": ("---\n---\n", [1]),
}
FINE = ["---\ntitle: Rutin\n---\n", "---\nmyst:\n  heading_anchors: 2\n---\n", "---\ntitle: Rutin\nmyst:\n  enable_extensions: [colon_fence]\n---\n"]


def myst_warnings(text: str) -> int:
    stream = io.StringIO()
    docutils.core.publish_doctree(text, parser=Parser(), settings_overrides={
        "warning_stream": stream, "report_level": 2, "halt_level": 5})
    return stream.getvalue().count("[myst.topmatter]")


@pytest.fixture(scope="module")
def judged(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, str]:
    pages = {f"rutiner/fall-{n}.md": front + BODY for n, (front, _) in enumerate(CASES.values())}
    pages |= {f"rutiner/rätt-{n}.md": front + BODY for n, front in enumerate(FINE)}
    root = make_project(tmp_path_factory.mktemp("fm") / "proj", pages)
    result = sphinx_build(root)
    return result.stdout + result.stderr, str(root)


def test_each_mistake_is_one_finding_at_its_line_in_check_and_build(judged: tuple[str, str], capsys) -> None:  # noqa: ANN001
    output, root = judged
    assert main(["check", "--root", root, "--format", "json"]) == 1
    import json
    found = [f for f in json.loads(capsys.readouterr().out) if f["code"] == "front_matter_invalid"]
    built = [(r.file, r.line) for r in reported(output) if r.code == "front_matter_invalid"]
    assert sorted(built) == sorted((f["file"], f["line"]) for f in found)
    for n, (name, (front, lines)) in enumerate(CASES.items()):
        mine = sorted(f["line"] for f in found if f["file"] == f"rutiner/fall-{n}.md")
        assert len(mine) == myst_warnings(front + BODY) >= 1, name
        if lines is not None:
            assert mine == lines, name
    assert not [f for f in found if f["file"].startswith("rutiner/rätt-")]
    assert all(myst_warnings(front + BODY) == 0 for front in FINE)
    assert "myst.topmatter" not in output and "YAML" not in output
    assert not re.search(r"deprecated|Unknown field|Malformed", output)


#: A routine whose field lines have a tab pasted into them: (field line, tab's column).
TABBED = [(":version: 2\t# ny", 12), (":ägare: enhetschef_ht\tKolumn2", 22), (":målgrupp:\tundersköterska", 11),
          (":revideras: 2027-01-15\t", 23)]


def _routine(number: int, field_line: str) -> str:
    name = field_line.split(":")[1]
    fields = {"id": f"RUT-HT-9{number:02d}", "status": "fastställd", "ägare": "enhetschef_ht",
              "fastställd_av": "avdelningschef", "fastställd": "2026-01-15", "revideras": "2027-01-15",
              "version": "1", "målgrupp": "undersköterska", "enheter": "HT", "tillhör": "PROC-HT-UTFORA"}
    lines = [field_line if key == name else f":{key}: {value}" for key, value in fields.items()]
    return f"# Rutin {number}\n\n```{{rutin}} Rutin {number}\n" + "\n".join(lines) + "\n\nGör så här.\n```\n"


def test_a_tab_in_a_field_line_is_one_finding_that_names_it(tmp_path: Path, capsys) -> None:  # noqa: ANN001
    pages = {f"rutiner/tabb-{n}.md": _routine(n, line) for n, (line, _) in enumerate(TABBED)}
    root = make_project(tmp_path / "proj", pages)
    output = (result := sphinx_build(root)).stdout + result.stderr
    assert main(["check", "--root", str(root), "--format", "json"]) == 1
    import json
    found = [f for f in json.loads(capsys.readouterr().out) if f["file"].startswith("rutiner/tabb-")]
    built = [r for r in reported(output) if r.file.startswith("rutiner/tabb-")]
    for n, (line, column) in enumerate(TABBED):
        mine = [f for f in found if f["file"] == f"rutiner/tabb-{n}.md"]
        field_line = _routine(n, line).splitlines().index(line) + 1
        assert [(f["code"], f["line"]) for f in mine] == [("myst_option_syntax", field_line)], line
        assert f"tabbtecken i kolumn {column}" in mine[0]["message"]
    assert sorted((r.file, r.line, r.code) for r in built) == sorted((f["file"], f["line"], f["code"]) for f in found)
    assert "Invalid options" not in output and "directive_option" not in output
