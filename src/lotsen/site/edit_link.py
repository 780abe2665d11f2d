"""'Föreslå en ändring': the address of a source file in the git host's web editor.

The host and repository come from the model's ``repository`` section; without it
there is no link. The forms, per host (file path and branch percent-encoded):

- GitHub:           {url}/edit/{branch}/{path}
- GitLab:           {url}/-/edit/{branch}/{path}
- Gitea, Forgejo:   {url}/_edit/{branch}/{path}
- Azure DevOps:     {url}?path=/{path}&version=GB{branch}&_a=contents (the file, with
                    its Edit button: Azure Repos has no address that opens the editor)
"""

from __future__ import annotations

from urllib.parse import quote

from lotsen.model import Model
from lotsen.site.templates import Markup, Templates, default_templates


def edit_url(model: Model, source_path: str) -> str | None:
    """The web editor's address for ``source_path`` (relative to the project root)."""
    repo = model.repository
    if not repo.host or not repo.url or not source_path:
        return None
    path = "/".join(p for p in (repo.path, source_path.replace("\\", "/").lstrip("/")) if p)
    file, branch = quote(path, safe="/"), quote(repo.branch, safe="/")
    if repo.host == "github":
        return f"{repo.url}/edit/{branch}/{file}"
    if repo.host == "gitlab":
        return f"{repo.url}/-/edit/{branch}/{file}"
    if repo.host in ("gitea", "forgejo"):
        return f"{repo.url}/_edit/{branch}/{file}"
    if repo.host == "azure":
        return f"{repo.url}?path=/{file}&version=GB{quote(repo.branch, safe='')}&_a=contents"
    return None


def edit_link_html(model: Model, source_path: str, templates: Templates | None = None) -> Markup:
    """The link as a paragraph, or '' when the model declares no repository."""
    return (templates or default_templates()).render("lotsen/edit-link.html", url=edit_url(model, source_path) or "")
