"""The source scan reads Markdown as MyST does, and `lotsen check` reports exactly what
the build reports: the same (code, file, line) for every bad input."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from lotsen.cli.main import main

from conftest import make_project, reported, reported_varnings, sphinx_build

KRAV = ":källa: SoL\n:kravtyp: lag\n"


def krav(kravid: str, prefix: str = "") -> str:
    lines = [f"```{{krav}} Krav {kravid}", f":id: {kravid}", *KRAV.splitlines(), "```"]
    return "\n".join(prefix + line if line else prefix.rstrip() for line in lines) + "\n"


#: name -> (text, [(code, line)] expected from both paths)
BAD: dict[str, tuple[str, list[tuple[str, int]]]] = {
    # a commented-out old version of an object in the base project is no duplicate
    "kommentar.md": ("# K\n\n<!--\n" + krav("KRAV-SOSFS-4-4") + "-->\n", []),
    "lista.md": ("# L\n\n- a\n  - b\n\n" + krav("KRAV-LISTA", "    ") + "\n> citat\n>\n" + krav("KRAV-CITAT", "> "), []),
    "note.md": ("# N\n\n````{note}\nText.\n\n" + krav("KRAV-NOTE") + "````\n\n````{notera}\n" + krav("KRAV-NOTERA") + "````\n", []),
    "kolon.md": ("# K\n\n:::{krav} K\n:id: KRAV-KOLON\n:::\n", [("colon_fence_as_text", 3)]),
    "okand.md": ("# O\n\n- punkt\n\n  ```{okänt-block}\n  x\n  ```\n\n> ```{annat}\n> y\n> ```\n", [("directive_unknown", 5), ("directive_unknown", 9)]),
    "hanvisning.md": ("# H\n\nSe {need}`KRAV-SOSFS-4-4` och\n{need}`text <KRAV-FINNS-INTE>`.\n\n`{need}`KRAV-I-KOD``\n",
                      # the first backticks close at the second: KRAV-I-KOD is running text
                      [("link_target_missing", 4), ("mention_target_missing", 6)]),
    "rst.md": ("# R\n\n```{eval-rst}\n.. note:: x\n\n.. krav:: K\n   :id: KRAV-RST\n\n.. okand-rst::\n```\n",
               [("need_in_rst", 6), ("directive_unknown", 9)]),
    "djup.md": ("# D\n\n" + "".join("  " * d + f"- {d}\n" for d in range(11)) + "\n" + krav("KRAV-DJUP"),
                [("nesting_too_deep", 12)]),
    "nul.md": ("# N\n\n```{krav} K\n:id: KRAV-NUL\n:källa: So\x00L\n:kravtyp: lag\n```\n\nText\x07.\n",
               [("control_character", 5), ("control_character", 9)]),
    "kod.md": ("# C\n\n````markdown\n```{krav} Bara ett exempel\n:id: KRAV-SOSFS-4-4\n```\n````\n\n    ```{krav} indraget fyra steg\n",
               [("need_as_code", 9)]),
}


@pytest.fixture(scope="module")
def both(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, set, set]:
    root = make_project(tmp_path_factory.mktemp("agree") / "proj", {name: text for name, (text, _) in BAD.items()})
    result = sphinx_build(root)
    assert "Traceback" not in result.stderr
    built = {(r.code, r.file, r.line) for r in reported(result.stderr) + reported_varnings(result.stdout)}
    return root, built, set()


def checked(root: Path, capsys: pytest.CaptureFixture[str]) -> set[tuple[str, str, int]]:
    main(["check", "--root", str(root), "--format", "json"])
    return {(f["code"], f["file"], f["line"]) for f in json.loads(capsys.readouterr().out)}


def test_check_and_build_report_the_same(both: tuple[Path, set, set], capsys: pytest.CaptureFixture[str]) -> None:
    root, built, _ = both
    expected = {(code, name, line) for name, (_, pairs) in BAD.items() for code, line in pairs}
    assert checked(root, capsys) == expected
    assert built == expected


def test_objects_in_lists_quotes_and_notes_are_on_the_site(both: tuple[Path, set, set]) -> None:
    root, _, _ = both
    data = json.loads((root / "_build" / "html" / "needs.json").read_text(encoding="utf-8"))
    [version] = data["versions"].values()
    ids = set(version["needs"])
    assert {"KRAV-LISTA", "KRAV-CITAT", "KRAV-NOTE", "KRAV-NOTERA"} <= ids
    assert not ids & {"KRAV-KOLON", "KRAV-DJUP", "KRAV-I-KOD"}


def test_colon_fences_are_objects_when_the_project_enables_them(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = make_project(tmp_path / "proj", {"kolon.md": "# K\n\n:::{krav} K\n:id: KRAV-KOLON\n" + KRAV + ":::\n"})
    conf = root / "conf.py"
    conf.write_text(conf.read_text(encoding="utf-8") + '\nmyst_enable_extensions = ["colon_fence"]\n', encoding="utf-8")
    assert checked(root, capsys) == set()
    result = sphinx_build(root)
    assert result.returncode == 0, result.stderr
    assert "KRAV-KOLON" in (root / "_build" / "html" / "needs.json").read_text(encoding="utf-8")


#: File names that cannot become a page, as bytes on disk, and as findings show them.
BAD_NAMES = {b"ny\nrad.md": "ny\\nrad.md", b"inte-utf8-\xff.md": "inte-utf8-\\xff.md",
             b"styr\x01tecken.md": "styr\\x01tecken.md", b"med\ttabb.md": "med\\ttabb.md"}
#: Names that look odd but make good pages (Sphinx percent-encodes them in links).
GOOD_NAMES = ["nycklar #1 [ny].md", "fråga?.md"]


def test_bad_file_names_are_named_by_both_and_never_crash(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = make_project(tmp_path / "proj", {f"routines/{name}": "# Sida\n\nText.\n" for name in GOOD_NAMES})
    for name in BAD_NAMES:
        (root / "routines").mkdir(exist_ok=True)
        with open(bytes(root / "routines") + b"/" + name, "wb") as file:
            file.write(b"# Sida\n\nText.\n")
    expected = {("file_name", f"routines/{shown}", 1) for shown in BAD_NAMES.values()}
    assert checked(root, capsys) == expected
    result = sphinx_build(root)
    assert "Traceback" not in result.stderr and "Traceback" not in result.stdout
    built = {(r.code, r.file, r.line) for r in reported(result.stderr)}
    # a name with a line break cannot stand on one line of the log: matched by its escape
    assert built == expected, result.stderr
    assert result.returncode == 1
    pages = {p.name for p in (root / "_build" / "html" / "routines").glob("*.html")}
    assert pages == {name.replace(".md", ".html") for name in GOOD_NAMES}


def test_check_follows_a_change_of_the_projects_settings(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The settings `lotsen check` took from conf.py are kept between runs, until conf.py changes."""
    root = make_project(tmp_path / "proj", {"kolon.md": "# K\n\n:::{krav} K\n:id: KRAV-KOLON\n" + KRAV + ":::\n"})
    assert checked(root, capsys) == {("colon_fence_as_text", "kolon.md", 3)}
    assert checked(root, capsys) == {("colon_fence_as_text", "kolon.md", 3)}
    conf = root / "conf.py"
    conf.write_text(conf.read_text(encoding="utf-8") + '\nmyst_enable_extensions = ["colon_fence"]\n', encoding="utf-8")
    assert checked(root, capsys) == set()
    (root / "kolon.md").write_text("# K\n\n:::{krav} K\n:id: KRAV-KOLON\n:källa: SoL\n:::\n", encoding="utf-8")
    assert checked(root, capsys) == {("field_required", "kolon.md", 3)}


def test_control_characters_are_reported_where_they_stand_and_nothing_else() -> None:
    from lotsen.source.scanner import scan_text

    text = "# T\r\n\r\n```{krav} K\r\n:id: KRAV-A\r\n:källa: \x00SoL\u2028\r\n:kravtyp: lag\x85\r\n```\r\n\x0cSlut.\n"
    scan = scan_text(text, "f.md", {"krav"})
    assert [(f.code, f.line) for f in scan.findings] == [
        ("control_character", 5), ("control_character", 5), ("control_character", 6), ("control_character", 8)]
    [need] = scan.needs
    assert (need.id, need.line_of("kravtyp"), need.line) == ("KRAV-A", 6, 3)
