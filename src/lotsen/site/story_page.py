"""The kvalitetsberättelse on the site: the current year as it stands at the build, with
the year's changes read from git, rendered by the theme's template lotsen/story-page.html.
The authors' prose is read as every output reads it (reports/prose_markdown.py):
without raw HTML and without images (nothing is fetched from outside the site)."""

from __future__ import annotations

from pathlib import Path

from lotsen.reports import prose_markdown
from lotsen.reports.document import Document
from lotsen.reports.render import Resolver
from lotsen.reports.story.build import build_document
from lotsen.site.templates import Markup, Templates, default_templates
from lotsen.source.index import ObjectIndex


def site_document(index: ObjectIndex, root: Path) -> Document:
    """This year's berättelse, from the objects the site is built from."""
    model_path = Path(index.model.path)
    try:
        model_name = model_path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        model_name = model_path.name
    from lotsen.reports.story.as_of import changes_since_year_start  # git: only when a story page is made

    changes = changes_since_year_start(root, model_name, index)
    # what is missing by now, as `lotsen check` says it (with the model's grace days)
    return build_document(index, index.today.year, root=root, changes=changes, gap_day=index.today)


def prose_html(markdown: str, resolve: Resolver | None = None) -> Markup:
    """A chapter's prose below its ``<h2>``, read as every output reads it
    (reports/prose_markdown.py)."""
    return Markup(prose_markdown.prose_html(markdown, 2, resolve))


def document_html(document: Document, resolve: Resolver, templates: Templates | None = None) -> Markup:
    prose = {chapter.key: prose_html(chapter.prose, resolve) for chapter in document.chapters}
    return (templates or default_templates()).render("lotsen/story-page.html", document=document, prose=prose,
                                                     resolve=resolve)
