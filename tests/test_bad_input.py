"""Bad input never crashes the build and never passes silently: each case gives a clear
Swedish message with the file (and line), and a build that fails where it must."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from lotsen.cli.main import main

from conftest import make_project, reported, reported_varnings, sphinx_build

KRAV = "```{{krav}} {title}\n:id: {id}\n:källa: SoL\n:kravtyp: lag\n```\n"


def build(tmp_path: Path, files: dict[str, bytes]):
    root = make_project(tmp_path / "proj", files)
    result = sphinx_build(root)
    assert "Traceback" not in result.stderr + result.stdout
    return root, result


def test_byte_order_mark_is_read_like_any_file(tmp_path: Path) -> None:
    text = "\ufeff# BOM\n\n" + KRAV.format(title="Krav med BOM", id="KRAV-BOM-1")
    root, result = build(tmp_path, {"bom.md": text.encode("utf-8")})
    assert result.returncode == 0, result.stderr
    assert '"KRAV-BOM-1"' in (root / "_build/html/needs.json").read_text(encoding="utf-8")


def test_crlf_line_endings_keep_every_option_and_line(tmp_path: Path) -> None:
    text = ("# CRLF\n\n" + KRAV.format(title="Krav med CRLF", id="KRAV-CRLF-1")).replace("\n", "\r\n")
    text = text.replace(":kravtyp: lag", ":kravtyp: lagbok")  # one error, to see its line
    root, result = build(tmp_path, {"crlf.md": text.encode("utf-8")})
    assert [(r.file, r.line, r.code) for r in reported(result.stderr)] == [("crlf.md", 6, "field_value")]


def test_binary_file_with_a_markdown_name_is_refused_by_name(tmp_path: Path) -> None:
    root, result = build(tmp_path, {"export.md": bytes(range(256)) * 8})
    assert result.returncode != 0
    [finding] = reported(result.stderr)
    assert (finding.file, finding.code) == ("export.md", "file_unreadable")
    assert "UTF-8" in finding.text


def test_a_binary_file_of_another_kind_in_a_content_folder_is_left_alone(tmp_path: Path) -> None:
    root, result = build(tmp_path, {"routines/bild.png": bytes(range(256)) * 8})
    assert result.returncode == 0, result.stderr


def test_unknown_directive_is_named_in_swedish(tmp_path: Path) -> None:
    root, result = build(tmp_path, {"okand.md": b"# D\n\n```{foobar}\nx\n```\n"})
    assert result.returncode != 0
    assert [(r.file, r.line, r.code) for r in reported(result.stderr)] == [("okand.md", 3, "directive_unknown")]
    assert "Unknown directive" not in result.stderr


@pytest.mark.parametrize(("first", "second"), [("a.md", "b.md"), ("krav.md", "krav-kopia.md"),
                                               ("krav.md", "krav (1).md")])
def test_same_id_in_two_files_is_one_finding_in_swedish(tmp_path: Path, first: str, second: str,
                                                        capsys: pytest.CaptureFixture[str]) -> None:
    """A copied file, named as a git host's web editor or a file manager names a copy:
    the build says once, in Swedish, where the ID is taken again, as `lotsen check`
    does, whichever of the two files Sphinx happens to read first."""
    one = "# A\n\n" + KRAV.format(title="Ett", id="KRAV-SAMMA-1")
    two = "# B\n\n" + KRAV.format(title="Två", id="KRAV-SAMMA-1")
    root, result = build(tmp_path, {first: one.encode(), second: two.encode()})
    assert result.returncode != 0
    built = [(r.file, r.code) for r in reported(result.stderr)]
    assert len(built) == 1 and built[0][1] == "id_duplicate", result.stderr
    assert "Need could not be created" not in result.stderr and "needs." not in result.stderr
    assert main(["check", "--root", str(root), "--format", "json"]) == 1
    assert [(f["file"], f["code"]) for f in json.loads(capsys.readouterr().out)] == built


@pytest.mark.parametrize("where", ["routine", "risk", "model"])
def test_planted_personnummer_fails_the_build_at_its_line(where: str, tmp_path: Path) -> None:
    number = "19121212-1212"  # Skatteverket's well-known test identity
    root = make_project(tmp_path / "proj")
    if where == "model":
        path = root / "lotsen.yaml"
        text = path.read_text(encoding="utf-8").replace("  short_name: Norrvik", f"  short_name: Norrvik {number}")
    else:
        path = root / "objects.md"
        anchor = "2. Ring samordnaren." if where == "routine" else ":i_process: PROC-HT-UTFORA\n"
        text = path.read_text(encoding="utf-8").replace(
            anchor, anchor + (f" Brukare {number}." if where == "routine" else f"\nGäller brukare {number}.\n"))
    path.write_text(text, encoding="utf-8")
    line = next(i for i, t in enumerate(text.splitlines(), 1) if number in t)
    result = sphinx_build(root)
    assert result.returncode != 0
    found = [(r.file, r.line, r.code) for r in reported(result.stderr)]
    assert (path.name, line, "personal_number") in found
    assert number not in result.stderr and "121212-1212" not in result.stderr


def test_a_missing_file_is_said_once_in_swedish_by_check_and_build(tmp_path: Path,
                                                                    capsys: pytest.CaptureFixture[str]) -> None:
    """A link to a renamed routine, a missing image, include, literalinclude and
    download: `lotsen check` and the build give the same findings, and the build says
    nothing in Sphinx's, MyST's or docutils' words about them (an absolute path, an
    English message). A link to a page that exists is no finding."""
    page = ("# Rutiner\n\nSe [den gamla](gammal-rutin.md), [den nya](ny-rutin.md) och "
            "![skylten](bilder/skylt.png).\n\n```{include} delar/text.md\n```\n\n"
            "```{literalinclude} delar/exempel.txt\n```\n\nHämta {download}`mallen <mallar/mall.docx>`.\n")
    root = make_project(tmp_path / "proj", {"rutiner.md": page, "ny-rutin.md": "# Ny\n\nText.\n"})
    assert main(["check", "--root", str(root), "--format", "json"]) == 1
    checked = sorted((f["file"], f["line"], f["code"]) for f in json.loads(capsys.readouterr().out))
    assert checked == [("rutiner.md", 3, "file_missing"), ("rutiner.md", 3, "file_missing"),
                       ("rutiner.md", 5, "file_missing"), ("rutiner.md", 8, "file_missing"),
                       ("rutiner.md", 11, "file_missing")]
    result = sphinx_build(root)
    assert result.returncode != 0
    assert sorted((r.file, r.line, r.code) for r in reported(result.stderr)) == checked
    foreign = [line for line in result.stderr.splitlines()
               if ("WARNING" in line or "ERROR" in line or "CRITICAL" in line) and "[lotsen." not in line]
    assert foreign == [], result.stderr
    assert str(root) not in result.stderr


def test_a_page_in_a_new_folder_needs_no_toctree(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Lotsen's site finds a page by its folder and the search, not by a toctree: a page
    in a folder no toctree names is published, and neither the check nor the build
    (with -W) says anything of it."""
    root = make_project(tmp_path / "proj", {"handbok/arbetssatt.md": "# Så arbetar vi\n\nText om arbetet.\n"})
    assert main(["check", "--root", str(root), "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out) == []
    result = sphinx_build(root)
    assert result.returncode == 0, result.stderr
    assert "WARNING" not in result.stderr
    assert (root / "_build/html/handbok/arbetssatt.html").is_file()


def test_a_misspelt_role_is_one_swedish_finding_in_check_and_build(tmp_path: Path,
                                                                   capsys: pytest.CaptureFixture[str]) -> None:
    """{ned}`PROC-HT` for {need}`PROC-HT`: the check and the build name it at its line,
    suggest {need}, and the build says nothing in MyST's words about it."""
    root = make_project(tmp_path / "proj", {"sida.md": "# Sida\n\nSe {ned}`PROC-HT` först.\n"})
    assert main(["check", "--root", str(root), "--format", "json"]) == 1
    findings = json.loads(capsys.readouterr().out)
    assert [(f["file"], f["line"], f["code"]) for f in findings] == [("sida.md", 3, "role_unknown")]
    assert "Menade du '{need}'?" in findings[0]["hint"]
    result = sphinx_build(root)
    assert [(r.file, r.line, r.code) for r in reported(result.stderr)] == [("sida.md", 3, "role_unknown")]
    assert "Unknown interpreted text role" not in result.stderr and "[myst." not in result.stderr


def test_a_link_to_a_page_of_drafts_is_the_same_swedish_varning_in_check_and_build(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A page whose objects are all drafts is left off the site; a link to it from a
    published page, with or without its suffix and through a folder, is link_to_draft
    (a 'varning' in the sample's model) in both, and the build says nothing in MyST's
    words about it, so a -W build passes. A link to a published page is no finding."""
    draft = "# Utkast\n\n" + KRAV.format(title="Nytt krav", id="KRAV-NY-1").replace(
        ":kravtyp: lag\n", ":kravtyp: lag\n:status: utkast\n")
    page = "# Sida\n\nSe [det nya kravet](krav/nytt.md), [samma](krav/nytt) och [objekten](objects.md).\n"
    root = make_project(tmp_path / "proj", {"krav/nytt.md": draft, "sida.md": page})
    assert main(["check", "--root", str(root), "--format", "json"]) == 0
    found = [(f["file"], f["line"], f["code"], f["severity"]) for f in json.loads(capsys.readouterr().out)]
    # two links to the same page on one line say the same thing: said once
    assert found == [("sida.md", 3, "link_to_draft", "varning")]
    result = sphinx_build(root)
    assert result.returncode == 0, result.stderr
    assert "WARNING" not in result.stderr
    built = [(r.file, r.line, r.code) for r in reported_varnings(result.stdout)]
    assert built == [("sida.md", 3, "link_to_draft")]


def test_a_bare_word_link_to_a_page_of_drafts_is_never_silent(tmp_path: Path) -> None:
    """[se](utkast) may name a label as well as a page, so the check does not read it
    as a page; the build then keeps Sphinx's own warning about it rather than none."""
    draft = "# Utkast\n\n" + KRAV.format(title="Nytt krav", id="KRAV-NY-1").replace(
        ":kravtyp: lag\n", ":kravtyp: lag\n:status: utkast\n")
    root = make_project(tmp_path / "proj", {"utkast.md": draft, "sida.md": "# Sida\n\nSe [kravet](utkast).\n"})
    result = sphinx_build(root)
    assert result.returncode != 0 and "'utkast'" in result.stderr
