"""Mutations of the real sample: each must be reported naming the right file and line."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from lotsen.cli.main import main

from conftest import REPO, reported, sphinx_build

CONTENT = ["processes", "routines", "risks", "controls", "requirements", "actions", "docs"]
Mutation = Callable[[list[str]], tuple[list[str], int, str]]


def copy_sample(root: Path) -> Path:
    root.mkdir(parents=True)
    for name in CONTENT:
        shutil.copytree(REPO / name, root / name)
    for name in ("lotsen.yaml", "conf.py", "index.md"):
        shutil.copy(REPO / name, root / name)
    return root


def line_index(lines: list[str], prefix: str) -> int:
    return next(i for i, line in enumerate(lines) if line.startswith(prefix))


def retarget_link(lines):
    i = line_index(lines, ":tillhör:")
    lines[i] = ":tillhör: RUT-HT-001"
    return lines, i + 1, "link_target_type"


def dangling_link(lines):
    i = line_index(lines, ":uppfyller:")
    lines[i] = ":uppfyller: KRAV-SOSFS-99-9"
    return lines, i + 1, "link_target_missing"


def duplicate_id(lines):
    i = line_index(lines, ":id:")
    lines[i] = ":id: RUT-BUM-001"  # routines/bum sorts before routines/ht
    return lines, i + 1, "id_duplicate"


def broken_date(lines):
    i = line_index(lines, ":fastställd:")
    lines[i] = ":fastställd: 2026-02-30"
    return lines, i + 1, "field_date"


def indented_line(lines):
    i = line_index(lines, ":ägare:")
    lines.insert(i + 1, "  och hans ersättare")
    return lines, i + 3, "myst_options_lost"


def blank_line_in_block(lines):
    i = line_index(lines, ":version:")
    lines.insert(i, "")
    return lines, i + 2, "myst_options_lost"


def bracket_list(lines):
    i = line_index(lines, ":målgrupp:")
    lines[i] = ":målgrupp: [undersköterska, vårdbiträde]"
    return lines, i + 1, "myst_list_syntax"


def misspelt_option(lines):
    i = line_index(lines, ":hanterar:")
    lines[i] = lines[i].replace(":hanterar:", ":hantera:")
    return lines, i + 1, "option_unknown"


def capital_status(lines):
    i = line_index(lines, ":status:")
    lines[i] = ":status: Fastställd"
    return lines, i + 1, "field_value"


def lost_colon(lines):
    i = line_index(lines, ":enheter:")
    lines[i] = ":enheter HT"
    return lines, i + 1, "myst_option_syntax"


def unknown_unit(lines):
    i = line_index(lines, ":enheter:")
    lines[i] = ":enheter: HT, Hemtjänsten"
    return lines, i + 1, "field_value"


def approval_removed(lines):
    i = line_index(lines, ":fastställd_av:")
    del lines[i]
    return lines, line_index(lines, "```{rutin}") + 1, "field_required_for_status"


MUTATIONS: list[Mutation] = [
    retarget_link, dangling_link, duplicate_id, broken_date, indented_line, blank_line_in_block,
    bracket_list, misspelt_option, capital_status, lost_colon, unknown_unit, approval_removed,
]
TARGET = "routines/ht/rut-ht-002.md"


@pytest.mark.parametrize("mutation", MUTATIONS, ids=lambda m: m.__name__)
def test_mutation_is_reported_at_its_place(mutation: Mutation, tmp_path: Path,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    root = copy_sample(tmp_path / "sample")
    path = root / TARGET
    lines, line, code = mutation(path.read_text(encoding="utf-8").splitlines())
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert main(["check", "--root", str(root), "--format", "json"]) == 1
    findings = json.loads(capsys.readouterr().out)
    assert {"file": TARGET, "line": line, "code": code} in [
        {k: f[k] for k in ("file", "line", "code")} for f in findings
    ]


def test_several_mutations_fail_one_build_listing_all(tmp_path: Path) -> None:
    root = copy_sample(tmp_path / "sample")
    expected = set()
    for target, mutation in [("routines/ht/rut-ht-002.md", retarget_link),
                             ("routines/lss/rut-lss-001.md", broken_date),
                             ("routines/gem/rut-gem-001.md", indented_line),
                             ("routines/bum/rut-bum-003.md", bracket_list)]:
        path = root / target
        lines, line, code = mutation(path.read_text(encoding="utf-8").splitlines())
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        expected.add((target, line, code))
    result = sphinx_build(root, pdf=False)  # the findings, not four binders printed anew
    assert result.returncode != 0
    assert {(r.file, r.line, r.code) for r in reported(result.stderr)} == expected
