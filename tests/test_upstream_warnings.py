"""What Sphinx, MyST and docutils warn about on a page, said in Swedish as Lotsen's
findings in the build (sphinx/upstream_warnings.py): a link or a reference that goes
nowhere, a label written twice, footnotes, blocks that cannot be shown and code that
does not fit its language. One finding per mistake, at the file and line of the
mistake, with the rule's code and severity, and nothing of the English warning, of
the build machine's paths or of the text the warning echoed."""

from __future__ import annotations

import logging
import re
from pathlib import Path
from types import SimpleNamespace

import pytest

from lotsen.sphinx.upstream_warnings import SayInSwedish

from conftest import Reported, line_of, make_project, reported, reported_varnings, sphinx_build, write_model

#: Words of the warnings Sphinx, MyST and docutils gave for these mistakes.
ENGLISH = re.compile(r"\b(?:reference|target|not found|undefined|label|unknown document|duplicate|"
                     r"explicit|local id|myst|WARNING: [a-z])", re.I)

GOOD = """# Bra länkar

(bra-etikett)=
## Ett avsnitt

Se [avsnittet](#bra-etikett), {ref}`bra-etikett`, [sidan](andra.md),
[avsnittet där](andra.md#dar), {ref}`dar` och {doc}`andra`.
"""

OTHER = """# Andra

(dar)=
## Där
"""

#: Each line one mistake: the text that finds its line, and the code it gives.
BAD = {
    "[här](#saknas-har)": "reference_missing",
    "[där](andra.md#saknas-dar)": "reference_missing",
    "[ord](rutinen)": "reference_missing",
    "{ref}`saknad-etikett`": "reference_missing",
    "{doc}`saknad-sida`": "reference_missing",
    "[objektet](#RUT-HT-001)": "reference_missing",
}


def _bad_page() -> str:
    lines = ["# Trasiga länkar", ""]
    for mistake in BAD:
        lines += [f"Se {mistake} här.", ""]
    lines += ["(dubbel)=", "## Ett", "", "(dubbel)=", "## Två", ""]
    return "\n".join(lines)


def _project(tmp_path: Path, **pages: str) -> Path:
    return make_project(tmp_path / "p", {"andra.md": OTHER, "bra.md": GOOD, **pages})


def test_references_that_resolve_give_nothing(tmp_path: Path) -> None:
    src = _project(tmp_path)
    result = sphinx_build(src, pdf=False)
    assert result.returncode == 0, result.stderr[-3000:]
    assert "WARNING" not in result.stderr


def test_each_reference_that_goes_nowhere_is_one_swedish_finding_at_its_line(tmp_path: Path) -> None:
    src = _project(tmp_path, **{"trasig.md": _bad_page()})
    page = src / "trasig.md"
    result = sphinx_build(src, pdf=False)
    assert result.returncode != 0
    found = sorted(reported(result.stderr), key=lambda r: r.line)
    want = sorted([Reported("trasig.md", line_of(page, mistake), code, "") for mistake, code in BAD.items()]
                  + [Reported("trasig.md", max(i for i, line in enumerate(page.read_text().splitlines(), 1)
                                               if line == "(dubbel)="), "label_duplicate", "")],
                  key=lambda r: r.line)
    assert [(r.file, r.line, r.code) for r in found] == [(r.file, r.line, r.code) for r in want]
    for finding in found:
        assert "Åtgärd:" in finding.text
        assert not ENGLISH.search(finding.text), finding.text
    assert str(tmp_path) not in result.stderr
    assert not [line for line in result.stderr.splitlines() if "WARNING" in line and "[lotsen." not in line]
    # an object is reached by its ID, not with # (id_links.py makes the ID a link)
    on_id = next(r for r in found if "RUT-HT-001" in r.text)
    assert "Skriv bara ID:t i texten, RUT-HT-001" in on_id.text


def test_a_label_in_two_files_names_the_other(tmp_path: Path) -> None:
    src = _project(tmp_path, **{"tredje.md": "# Tredje\n\n(dar)=\n## Också här\n"})
    result = sphinx_build(src, pdf=False)
    twice = [r for r in reported(result.stderr) if r.code == "label_duplicate"]
    assert len(twice) == 1, result.stderr[-3000:]
    assert {twice[0].file, *re.findall(r"står också i (\S+)\.", twice[0].text)} == {"andra.md", "tredje.md"}


def test_as_a_varning_the_build_passes_and_tells_it(tmp_path: Path) -> None:
    src = _project(tmp_path, **{"trasig.md": "# Trasig\n\nSe [här](#saknas).\n"})
    write_model(src, {"severity:\n": "severity:\n  reference_missing: varning\n"}, unique=True)
    result = sphinx_build(src, pdf=False)
    assert result.returncode == 0, result.stderr[-3000:]
    told = [r for r in reported_varnings(result.stdout + result.stderr) if r.code == "reference_missing"]
    assert [(r.file, r.line) for r in told] == [("trasig.md", 3)]
    assert "WARNING" not in result.stderr


@pytest.mark.parametrize("kind,message,args", [
    (("myst", "xref_missing"), "'myst' cross-reference target not found: %r", (None,)),  # not a text
    (("ref", "ref"), "undefined label: %r %s", ("a",)),  # too few arguments
    (("ref", "ref"), "something else: 'a'", ()),
    (("", ""), "duplicate label %s, other instance in %s", ("x",)),  # too few arguments
])
def test_a_warning_it_cannot_read_passes_as_it_was(kind: tuple[str, str], message: str, args: tuple) -> None:
    record = logging.LogRecord("sphinx.test", logging.WARNING, "", 0, message, args, None)
    record.type, record.subtype = kind
    record.location = None
    said = SayInSwedish(SimpleNamespace())  # type: ignore[arg-type]
    before = (record.msg, record.args)
    assert said.filter(record) is True
    assert (record.msg, record.args, record.type) == (*before, kind[0])


#: A text that must never be echoed: the warnings of docutils and Sphinx quoted the
#: block or the code it stood in.
SECRET = "hemligt-innehall-4711"

BLOCKS = {
    "```{note}\n:klass: x\n\nEn notis.\n```": "block_invalid",
    "```{image} bild.png\n:width: stor\n```": "block_invalid",
    "```{admonition}\nIngen rubrik.\n```": "block_invalid",
    f"```{{list-table}}\n* - {SECRET}\n  - b\n* - c\n```": "block_invalid",
    f"```json\n{{ {SECRET}\n```": "code_language",
    "```{code-block} pythn\nx = 1\n```": "code_language",
    "Text med en fotnot[^saknas] utan förklaring.": "reference_missing",
    "[^oanvand]: En fotnot som ingen hänvisar till.": "footnote_unused",
}


def test_blocks_footnotes_and_code_are_one_swedish_finding_each(tmp_path: Path) -> None:
    text = "# Block\n\n" + "\n\n".join(BLOCKS) + "\n"
    src = _project(tmp_path, **{"block.md": text})
    (src / "bild.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    result = sphinx_build(src, pdf=False)
    assert result.returncode != 0
    # each block's lines: the finding stands on one of them (the field, the fence or the code)
    spans, line = [], 3
    for block, code in BLOCKS.items():
        spans.append((line, line + block.count("\n"), code))
        line += block.count("\n") + 2
    found = reported(result.stderr)
    placed = sorted((next(i for i, (first, last, _) in enumerate(spans) if first <= r.line <= last), r.code)
                    for r in found)
    assert placed == [(i, code) for i, (_, _, code) in enumerate(spans)], result.stderr[-3000:]
    assert {r.file for r in found} == {"block.md"}
    for finding in found:
        assert "Åtgärd:" in finding.text and not ENGLISH.search(finding.text), finding.text
    assert SECRET not in result.stderr + result.stdout
    assert not [line for line in result.stderr.splitlines() if ("WARNING" in line or "ERROR" in line)
                and "[lotsen." not in line]


def test_an_objects_block_is_left_to_the_check(tmp_path: Path) -> None:
    """A field an object's type does not have is the check's option_unknown, said once."""
    src = _project(tmp_path)
    objects = src / "objects.md"
    objects.write_text(objects.read_text(encoding="utf-8").replace(
        ":id: RUT-HT-001\n", ":id: RUT-HT-001\n:fargkod: röd\n", 1), encoding="utf-8")
    result = sphinx_build(src, pdf=False)
    codes = [r.code for r in reported(result.stderr)]
    assert codes == ["option_unknown"], result.stderr[-3000:]
