"""The build's exports (sphinx/exports.py): one linker for the report pages whose links
to objects are the same, so that a folder's tables are prepared once for the report
and family workbooks."""

from __future__ import annotations

from types import SimpleNamespace

from sphinx.util.osutil import relative_uri

from lotsen.sphinx.exports import workbook_linkers
from lotsen.sphinx.report_pages import resolver

DOCS = ["docs/kvalitet/a", "docs/kvalitet/b", "docs/kvalitet/c", "docs/annat/d", "routines/ht/rut-1", "index"]
OBJECTS = {"RUT-1": "routines/ht/rut-1.md", "RAP-1": "docs/kvalitet/b.md", "GONE-1": "routines/ht/gone.md",
           "START-1": "index.md"}


class Builder:
    def get_target_uri(self, docname: str, typ: str | None = None) -> str:
        return f"{docname}.html"

    def get_relative_uri(self, from_: str, to: str, typ: str | None = None) -> str:
        return relative_uri(self.get_target_uri(from_), self.get_target_uri(to))


def site(baseurl: str = "") -> tuple[SimpleNamespace, SimpleNamespace]:
    app = SimpleNamespace(config=SimpleNamespace(html_baseurl=baseurl), builder=Builder(),
                          env=SimpleNamespace(all_docs=dict.fromkeys(DOCS)))
    index = SimpleNamespace(by_id={i: SimpleNamespace(file=f) for i, f in OBJECTS.items()})
    return app, index


def test_pages_of_one_folder_share_a_linker_unless_they_hold_objects() -> None:
    app, index = site()
    linker = workbook_linkers(app, index)
    assert linker("docs/kvalitet/a") is linker("docs/kvalitet/c")
    assert linker("docs/kvalitet/b") is not linker("docs/kvalitet/a")  # links to its own objects by anchor
    assert linker("docs/annat/d") is not linker("docs/kvalitet/a")
    for docname in DOCS:
        for need_id in OBJECTS:
            assert linker(docname)(need_id) == resolver(app, index, docname)(need_id), (docname, need_id)
    assert linker("docs/kvalitet/b")("RAP-1") == "#RAP-1"
    assert linker("docs/kvalitet/a")("RAP-1") == "b.html#RAP-1"


def test_absolute_links_are_the_same_from_every_page() -> None:
    app, index = site("https://lotsen.example/")
    linker = workbook_linkers(app, index)
    assert linker("docs/kvalitet/b") is linker("docs/annat/d")
    assert linker("docs/annat/d")("RAP-1") == "https://lotsen.example/docs/kvalitet/b.html#RAP-1"
    assert linker("docs/annat/d")("GONE-1") is None
