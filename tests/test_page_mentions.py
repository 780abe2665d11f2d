"""An object's ID written in a page's own text, outside any object: the build makes it
a link when the object exists (sphinx/id_links.py), so the check must say so when it
does not. The build is the oracle of which text is running text: wherever it links an
existing ID, a missing one in the same place is a finding, and nowhere else."""

from __future__ import annotations

import json
import re
from pathlib import Path

from lotsen.cli.main import main

from conftest import make_project, sphinx_build

#: Places in a page an ID may stand; {id} is filled in with an existing or a missing ID.
CONTEXTS = [
    "Se {id} för mer.",
    "- En punkt som nämner {id}.",
    "> Ett citat om {id}.",
    "| Rutin | Om |\n| --- | --- |\n| {id} | text |",
    "```{{note}}\nI en notis: {id}.\n```",
    "## Rubrik med {id}",
    "Som kod: `{id}`.",
    "```text\nI ett kodblock: {id}\n```",
    "Se [länken om {id}](https://exempel.se).",
]
EXISTING, MISSING = "RUT-HT-001", "RUT-HT-097"


def _page(ident: str) -> str:
    return "# Sida\n\n" + "\n\n".join(c.format(id=ident) for c in CONTEXTS) + "\n"


def _lines(ident: str) -> list[int]:
    """The line each context's ID stands on."""
    return [n for n, line in enumerate(_page(ident).splitlines(), 1) if ident in line]


def test_a_missing_id_is_a_finding_where_the_build_would_link_an_existing_one(tmp_path: Path, capsys) -> None:  # noqa: ANN001
    root = make_project(tmp_path / "p", {"finns.md": _page(EXISTING), "saknas.md": _page(MISSING)})
    result = sphinx_build(root, pdf=False)
    html = (root / "_build" / "html" / "finns.html").read_text(encoding="utf-8")
    linked = len(re.findall(rf'class="id-link[^"]*"[^>]*>{EXISTING}<', html))
    assert main(["check", "--root", str(root), "--format", "json"]) == 1
    found = sorted(f["line"] for f in json.loads(capsys.readouterr().out)
                   if f["file"] == "saknas.md" and f["code"] == "mention_target_missing")
    lines = _lines(MISSING)
    # the build links the existing ID in as many places as the check finds the missing one
    assert len(found) == linked >= 5, (found, linked)
    assert set(found) <= set(lines)
    heading, code_span, code_block = lines[5], lines[6], lines[7]
    assert not {heading, code_span, code_block} & set(found)
    built = [line for line in (result.stdout + result.stderr).splitlines() if "saknas.md" in line]
    assert sorted(int(re.search(r"saknas\.md:(\d+):", line)[1]) for line in built
                  if "mention_target_missing" in line) == found
