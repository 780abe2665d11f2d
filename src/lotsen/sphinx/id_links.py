"""Routines link to each other: an object's ID written as plain text in a page's body
("… följ rutinen Nyckel saknas (RUT-HT-002)") becomes a link to that object's page
when the site is built. Text in code, in existing links and in headings stays as it
is; an ID with no published page (no such object, or a draft) stays text, and the
checks report it (a missing ID and a link to a draft are findings)."""

from __future__ import annotations

from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx

from lotsen.source.mentions import id_candidates
from lotsen.sphinx.report_pages import resolver
from lotsen.sphinx.state import build_state

#: Where an ID is not a mention to link: code, links, headings, raw markup.
_SKIP = (nodes.literal, nodes.literal_block, nodes.reference, nodes.title, nodes.raw, nodes.FixedTextElement,
         nodes.target, nodes.comment)


def _inside_skipped(node: nodes.Node) -> bool:
    parent = node.parent
    while parent is not None:
        # sphinx-needs' own references ({need}`ID`) are resolved after this pass
        if isinstance(parent, (*_SKIP, addnodes.pending_xref)) or type(parent).__module__.startswith("sphinx_needs"):
            return True
        parent = parent.parent
    return False


def link_bare_ids(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    index = build_state(app).index
    if index is None or app.builder.format != "html":
        return
    pattern = id_candidates(index.model)
    if pattern is None:
        return
    resolve = resolver(app, index, docname)
    for text in list(doctree.findall(nodes.Text)):
        value = str(text)
        if not pattern.search(value) or _inside_skipped(text):
            continue
        pieces: list[nodes.Node] = []
        last = 0
        for match in pattern.finditer(value):
            word = match.group(0)
            type_def = index.model.type_by_prefix(word)
            uri = resolve(word) if type_def is not None and type_def.id_pattern.fullmatch(word) else None
            if uri is None:
                continue
            pieces.append(nodes.Text(value[last:match.start()]))
            link = nodes.reference(word, word, refuri=uri, internal=True)
            link["classes"].append("id-link")
            pieces.append(link)
            last = match.end()
        if pieces:
            pieces.append(nodes.Text(value[last:]))
            text.parent.replace(text, [p for p in pieces if not isinstance(p, nodes.Text) or str(p)])
