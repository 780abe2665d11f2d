"""Mistakes in the unit tree and the roles of lotsen.yaml: any depth is read without a
traceback, and each mistake gives one finding, never follow-on findings about the
units or roles that the file does name (accounts, per-unit roles, ID templates)."""

from __future__ import annotations

import json
import re
import string
from pathlib import Path

import pytest

from lotsen.cli.main import main
from lotsen.errors import ModelError
from lotsen.model import load_model

from conftest import REPO, line_of, make_project, reported, sphinx_build

SAMPLE_TEXT = (REPO / "lotsen.yaml").read_text(encoding="utf-8")


def _code(i: int) -> str:
    a = string.ascii_uppercase
    return "X" + a[i // 676 % 26] + a[i // 26 % 26] + a[i % 26]


def _with_units_added(text: str, added: str) -> str:
    """The model with units added at the end of 'units' (before the roles' comment)."""
    assert text.count("\n# Roles.") == 1
    return text.replace("\n# Roles.", added + "\n# Roles.", 1)


def _chain(depth: int, top: str = "HT", reverse: bool = False) -> tuple[str, list[str]]:
    """``depth`` units each under the one before, written with 'parent:'; the codes."""
    codes = [_code(i) for i in range(depth)]
    rows = [f"  {c}:\n    name: Nivå {i}\n    parent: {top if i == 0 else codes[i - 1]}\n" for i, c in enumerate(codes)]
    return "".join(reversed(rows) if reverse else rows), codes


def _problems(path: Path) -> list[tuple[int, str]]:
    with pytest.raises(ModelError) as err:
        load_model(path)
    return [(p.line, p.message) for p in err.value.problems]


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "lotsen.yaml"
    path.write_text(text, encoding="utf-8")
    return path


# ------------------------------------------------------------------ h2-3: any depth
@pytest.mark.parametrize("depth, reverse", [(1200, False), (1200, True), (3000, False)])
def test_a_deep_tree_by_parent_loads_without_recursion(tmp_path: Path, depth: int, reverse: bool) -> None:
    added, codes = _chain(depth, reverse=reverse)
    model = load_model(_write(tmp_path, _with_units_added(SAMPLE_TEXT, added)))
    tree = model.unit_tree
    ht_depth = load_model(REPO / "lotsen.yaml").unit_tree.depth("HT")
    # the oracle is the chain as written: each code one level below the one before
    assert tree.depth(codes[-1]) == ht_depth + depth
    assert tree.ancestors(codes[-1])[: 3] == [codes[-2], codes[-3], codes[-4]]
    assert tree.descendants("HT") == codes
    order = [u.code for u, _ in tree.rows_in_tree_order()]
    assert order.index("HT") < order.index(codes[0]) and order[-depth:] != [] and set(codes) <= set(order)
    assert all(order.index(u.parent) < order.index(u.code) for u, _ in tree.rows_in_tree_order() if u.parent)


def test_a_deep_tree_written_inside_its_units_loads(tmp_path: Path) -> None:
    depth = 150
    block = "".join(f"{'  ' * (2 * i + 1)}{_code(i)}:\n{'  ' * (2 * i + 1)}  name: N{i}\n"
                    f"{'  ' * (2 * i + 1)}  units:\n" for i in range(depth))
    block += "  " * (2 * depth + 1) + "ZZZ: Sist\n"
    model = load_model(_write(tmp_path, _with_units_added(SAMPLE_TEXT, block)))
    assert model.unit_tree.depth("ZZZ") == depth
    assert model.unit_tree.ancestors("ZZZ")[0] == _code(depth - 1)


def test_a_long_cycle_is_one_finding_not_a_traceback(tmp_path: Path) -> None:
    added, codes = _chain(1500)
    text = _with_units_added(SAMPLE_TEXT, added).replace(f"  {codes[0]}:\n    name: Nivå 0\n    parent: HT\n",
                                                         f"  {codes[0]}:\n    name: Nivå 0\n    parent: {codes[-1]}\n")
    path = _write(tmp_path, text)
    [(line, message)] = _problems(path)
    assert line == line_of(path, f"  {codes[0]}:") and "cirkel" in message


def test_check_and_build_agree_on_a_deep_tree(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = make_project(tmp_path / "proj")
    added, _ = _chain(1200)
    model = root / "lotsen.yaml"
    model.write_text(_with_units_added(model.read_text(encoding="utf-8"), added), encoding="utf-8")
    assert main(["check", "--root", str(root), "--format", "json"]) == 0
    captured = capsys.readouterr()
    assert json.loads(captured.out) == [] and "Traceback" not in captured.err
    result = sphinx_build(root, pdf=False)
    assert result.returncode == 0, result.stderr[-3000:]
    assert "Traceback" not in result.stderr and "RecursionError" not in result.stderr
    assert reported(result.stderr) == []


# ------------------------------------------------------------------ h2-15 (a): one finding for a misplaced unit
FUN_NESTED = ("      FUN:\n        name: Funktionsnedsättning\n        kind: avdelning\n        units:\n"
              "          LSS: LSS gruppbostad Tallbacken\n          DAG: Daglig verksamhet Verkstan\n"
              "          BST: Boendestöd\n")


def _fun_at_top(parent: str) -> str:
    text = SAMPLE_TEXT.replace(FUN_NESTED, "")
    return _with_units_added(text, f"  FUN:\n    name: Funktionsnedsättning\n    parent: {parent}\n    units:\n"
                                   "      LSS: LSS gruppbostad Tallbacken\n      DAG: Daglig verksamhet Verkstan\n"
                                   "      BST: Boendestöd\n")


@pytest.mark.parametrize("parent, words", [("GME", "ingen enhet med koden 'GME'"), ("BST", "cirkel"),
                                           ("FUN", "cirkel"), ("LSS", "cirkel")])
def test_a_wrong_parent_is_one_finding_at_the_unit(tmp_path: Path, parent: str, words: str) -> None:
    path = _write(tmp_path, _fun_at_top(parent))
    [(line, message)] = _problems(path)
    assert line == line_of(path, "  FUN:") and words in message
    assert "accounts" not in message


def test_a_unit_with_a_wrong_parent_still_counts_as_a_unit_for_the_accounts(tmp_path: Path) -> None:
    # LSS, under the misplaced FUN, has an account of its own in the sample: no finding on it
    assert "enhetschef@LSS" in SAMPLE_TEXT
    text = _fun_at_top("GME").replace("  enhetschef@LSS: '@norrvik/lss-ledning'\n",
                                      "  enhetschef@LSS: '@norrvik/lss-ledning'\n  enhetschef@XYZ: '@norrvik/x'\n")
    path = _write(tmp_path, text)
    found = _problems(path)
    assert [line for line, _ in found] == [line_of(path, "  FUN:"), line_of(path, "enhetschef@XYZ")]


def test_the_right_parent_is_no_finding(tmp_path: Path) -> None:
    model = load_model(_write(tmp_path, _fun_at_top("GEM")))
    assert model.unit_tree.ancestors("LSS") == ["FUN", "GEM"]


# ------------------------------------------------------------------ h2-15 (b): per_unit in Swedish
@pytest.mark.parametrize("value", ["ja", "Ja", "JA", "true"])
def test_per_unit_yes_in_swedish_or_english_is_a_role_per_unit(tmp_path: Path, value: str) -> None:
    model = load_model(_write(tmp_path, SAMPLE_TEXT.replace("per_unit: true}", f"per_unit: {value}}}")))
    assert "enhetschef" in model.per_unit_roles
    assert model.unit_accounts["enhetschef@HT"] == "@norrvik/hemtjanst-ledning"


@pytest.mark.parametrize("value", ["nej", "Nej", "false"])
def test_per_unit_no_in_swedish_or_english_is_a_plain_role(tmp_path: Path, value: str) -> None:
    text = SAMPLE_TEXT.replace("  mas: Medicinskt ansvarig sjuksköterska (MAS)\n",
                               f"  mas: {{name: MAS, per_unit: {value}}}\n")
    model = load_model(_write(tmp_path, text))
    assert "mas" in model.roles and "mas" not in model.per_unit_roles


@pytest.mark.parametrize("value", ["kanske", "1", "[ja]", "'j'", "jaa"])
def test_a_per_unit_that_is_no_yes_or_no_is_one_finding(tmp_path: Path, value: str) -> None:
    path = _write(tmp_path, SAMPLE_TEXT.replace("per_unit: true}", f"per_unit: {value}}}"))
    [(line, message)] = _problems(path)
    assert line == line_of(path, "enhetschef: {name: Enhetschef") and "per_unit" in message and "ja" in message


# ------------------------------------------------------------------ h2-16: an empty section
def _section(name: str, body: str) -> str:
    return re.sub(rf"(?ms)^{name}:\n.*?(?=^\S)", body + "\n", SAMPLE_TEXT, count=1)


@pytest.mark.parametrize("name, body, words", [
    ("units", "units:\n", "får inte vara tom"),
    ("units", "units: {}\n", "får inte vara tom"),
    ("units", "units: []\n", "ska vara en tabell"),
    ("units", "units: Hemtjänsten\n", "ska vara en tabell"),
    ("roles", "roles:\n", "får inte vara tom"),
    ("roles", "roles: {}\n", "får inte vara tom"),
    ("roles", "roles: [chef]\n", "ska vara en tabell"),
])
def test_an_empty_or_wrong_units_or_roles_section_is_one_finding(tmp_path: Path, name: str, body: str,
                                                                  words: str) -> None:
    path = _write(tmp_path, _section(name, body))
    [(line, message)] = _problems(path)
    assert line == line_of(path, f"{name}:") and words in message and f"'{name}'" in message


# ------------------------------------------------------------------ h2-13 / h2-20: a unit code in the IDs
@pytest.mark.parametrize("code, words", [
    ("ÄO", "tecknet 'Ä' är inte tillåtet"),
    ("D10", "tecknen '1' och '0' är inte tillåtna"),
    ("ht", "tecknen 'h' och 't' är inte tillåtna"),
    ("A", "den har 1 tecken"),
    ("ABCDEFGHIJKLMNOPQ", "den har 17 tecken"),
])
def test_a_unit_code_an_id_cannot_hold_is_one_finding_at_the_unit(tmp_path: Path, code: str, words: str) -> None:
    path = _write(tmp_path, _with_units_added(SAMPLE_TEXT, f"  {code}: Ny enhet\n"))
    [(line, message)] = _problems(path)
    assert line == line_of(path, f"  {code}: Ny enhet") and words in message
    assert "id_pattern" not in message and "types." not in message


@pytest.mark.parametrize("code", ["AO", "ABCDE", "XY"])
def test_a_unit_code_that_fits_the_ids_is_no_finding(tmp_path: Path, code: str) -> None:
    assert code in load_model(_write(tmp_path, _with_units_added(SAMPLE_TEXT, f"  {code}: Ny enhet\n"))).units


@pytest.mark.parametrize("key", ["mål-och-väg", "Risker", "år"])
def test_a_chapter_key_with_letters_outside_a_to_z_says_which_letters(tmp_path: Path, key: str) -> None:
    assert "\n    risker:" in SAMPLE_TEXT
    path = _write(tmp_path, SAMPLE_TEXT.replace("\n    risker:", f"\n    {key}:", 1))
    messages = [m for _, m in _problems(path) if "Kapitlet" in m]
    assert len(messages) == 1 and "a–z (utan å, ä, ö)" in messages[0]


# ------------------------------------------------------------------ h2-14: a unit that no longer exists
OBJECT = """# Ny

```{{process}} Process med enhetschefen som ägare
:id: PROC-HT-NY
:ägare: enhetschef
:status: utkast
:nivå: delprocess
:syfte: Visa felet.
:del_av: PROC-HT
:enheter: {units}
```
"""
#: The lines of the owner and of the units in OBJECT.
OWNER, UNITS = 5, 10


def _check(root: Path, capsys: pytest.CaptureFixture[str]) -> list[tuple[str, int]]:
    main(["check", "--root", str(root), "--format", "json"])
    return sorted((f["code"], f["line"]) for f in json.loads(capsys.readouterr().out))


@pytest.mark.parametrize("units", ["NAT", "XYZ", "ht", "NAT, XYZ"])
def test_a_unit_that_does_not_exist_is_only_the_fields_finding(tmp_path: Path, units: str,
                                                              capsys: pytest.CaptureFixture[str]) -> None:
    root = make_project(tmp_path / "proj", {"ny.md": OBJECT.format(units=units)})
    model = root / "lotsen.yaml"
    text = model.read_text(encoding="utf-8")
    assert text.count("          NAT: Nattpatrullen\n") == 1
    model.write_text(text.replace("          NAT: Nattpatrullen\n", ""), encoding="utf-8")  # NAT is removed
    found = _check(root, capsys)
    # the oracle: each value of ':enheter:' that is no unit, once, at that line; nothing else
    assert found == [("field_value", UNITS)] * len(units.split(","))
    result = sphinx_build(root, pdf=False)
    assert sorted((r.code, r.line) for r in reported(result.stderr)) == found


@pytest.mark.parametrize("units, expected", [("HT", []), ("HT, XYZ", [("field_value", UNITS)]),
                                             ("NAT", [])])
def test_a_known_unit_beside_it_changes_nothing(tmp_path: Path, units: str, expected: list,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    root = make_project(tmp_path / "proj", {"ny.md": OBJECT.format(units=units)})
    assert _check(root, capsys) == expected


def test_a_role_per_unit_on_an_object_with_no_units_is_still_reported(tmp_path: Path,
                                                                       capsys: pytest.CaptureFixture[str]) -> None:
    root = make_project(tmp_path / "proj", {"ny.md": OBJECT.format(units="HT").replace(":enheter: HT\n", "")})
    assert _check(root, capsys) == [("per_unit_role_without_unit", OWNER)]
