"""Links to a section of another page (``[om nycklar](rutin.md#nycklar)``) whose page
has no label of that name: found by the check, as the build finds them
(sphinx/upstream_warnings.py, ``reference_missing``).

MyST resolves such a link against the labels of the page linked to: its ``(namn)=``
targets and the ``:name:`` of its blocks, by the label's name or by its id (docutils'
``fully_normalize_name`` and ``make_id``), and, where the project gives headings
anchors (``myst_heading_anchors``), against the headings' slugs too.

The check says a link goes nowhere only when it can be sure. The names are gathered
from every line that could hold one, blocks and code included, so they are never
fewer than MyST's. A page is left alone when a label could come from somewhere the
check does not read: headings with anchors, an included file, attributes
(``{#namn}``). So is a fragment that is not plain ASCII text without escapes (MyST may
read it encoded). A link to the same page (``#namn``) may lead to any label of the
project and to the page's headings, and is left to the build.
"""

from __future__ import annotations

import re

from docutils import nodes

from lotsen.findings import Finding
from lotsen.model import Model
from lotsen.source.blocks import Reading

CODE = "reference_missing"

#: ``(namn)=`` anywhere a line could hold it: in a list, a quote or a block.
_TARGET = re.compile(r"\((?P<name>[^()\n]+)\)=[ \t]*$", re.MULTILINE)
#: A block's ``:name:`` option, in a field block or as ``name:`` in a YAML one.
_NAME = re.compile(r"^[ \t>]*:?name:[ \t]*(?P<name>\S.*?)[ \t]*$", re.MULTILINE)
#: A target in reStructuredText (in ``{eval-rst}``).
_RST_TARGET = re.compile(r"^[ \t]*\.\.[ \t]+_(?P<name>[^:\n]+):", re.MULTILINE)
#: What could give the page a label the check does not see.
_UNSEEN = re.compile(r"\{#|\{include\}|\binclude::|\{literalinclude\}")
#: A fragment the check compares as written.
_PLAIN = re.compile(r"[A-Za-z0-9_.:+-]+")


def page_labels(text: str, reading: Reading | None) -> frozenset[str] | None:
    """Every name and id a link to a section of this page may use, or None when the
    check cannot know them all."""
    if _UNSEEN.search(text):
        return None
    _, config = (reading or Reading()).parser_for(text)
    if config.heading_anchors:
        return None
    labels: set[str] = set()
    for pattern in (_TARGET, _NAME, _RST_TARGET):
        for match in pattern.finditer(text):
            name = nodes.fully_normalize_name(match.group("name"))
            labels.update((name, nodes.make_id(name)))
    return frozenset(labels)


def comparable(fragment: str) -> bool:
    return bool(_PLAIN.fullmatch(fragment))


def section_link_findings(model: Model, links: list[tuple[str, str, str, int]],
                          labels: dict[str, frozenset[str] | None], drafts: set[str]) -> list[Finding]:
    """(file, page, fragment, line) of links to a section of another page: a finding
    for each whose page is read and has no such label. A page of drafts is left out of
    the site: a link to it is ``link_to_draft``, whatever follows the #, and a link on
    it is not built, so the build says nothing of it either."""
    findings = []
    for file, page, fragment, line in links:
        known = labels.get(page)
        if page == file or {page, file} & drafts or known is None or not comparable(fragment) or fragment in known:
            continue
        findings.append(Finding(file, line, CODE, *section_missing(fragment, page), model.severity_of(CODE)))
    return findings


def section_missing(fragment: str, page: str) -> tuple[str, str]:
    """The message and hint for a link to a section a page does not have: the check's
    and the build's (sphinx/upstream_warnings.py), which the build compares."""
    return (f"Länken går till avsnittet '{fragment}' på sidan {page}, men sidan har ingen etikett med det namnet.",
            "Sätt etiketten på raden före rubriken, som (namn)=, och skriv samma namn efter # i "
            "länken. Eller ta bort det som står efter #, så går länken till sidan.")
