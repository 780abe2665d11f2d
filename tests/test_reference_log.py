"""A link or a reference that goes nowhere, and a label written twice, said in Swedish
as Lotsen's findings in the build (sphinx/reference_log.py): one finding per mistake,
at the file and line of the link, with the rule's code and severity, and nothing of
the English warning or of the build machine's paths."""

from __future__ import annotations

import logging
import re
from pathlib import Path
from types import SimpleNamespace

import pytest

from lotsen.sphinx.reference_log import SayReferencesInSwedish

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
    said = SayReferencesInSwedish(SimpleNamespace())  # type: ignore[arg-type]
    before = (record.msg, record.args)
    assert said.filter(record) is True
    assert (record.msg, record.args, record.type) == (*before, kind[0])
