"""Puts `lotsen diff`'s summary in the pull or merge request as ONE comment, updated
on every push instead of a new comment each time.

    python ci/kommentar.py github lotsen-andringar.md   (in GitHub Actions)
    python ci/kommentar.py gitlab lotsen-andringar.md   (in GitLab CI)

The comment is found again by a marker on its first line. What each host needs:

- GitHub: GITHUB_TOKEN with `pull-requests: write` (the workflow asks for it),
  GITHUB_API_URL, GITHUB_REPOSITORY and PR_NUMBER (set by the workflow).
- GitLab: a project access token with the `api` scope and the Reporter role, as the
  masked CI/CD variable LOTSEN_GITLAB_TOKEN (the job token may not write comments);
  CI_API_V4_URL, CI_PROJECT_ID and CI_MERGE_REQUEST_IID are GitLab's own.

PREVIEW_URL, when set, is put at the top: the address of the built site.
Only the standard library, so it runs before anything is installed.
"""

from __future__ import annotations

import json
import os
import sys
import urllib.request
from pathlib import Path
from urllib.parse import quote

MARKER = "<!-- lotsen-diff -->"
#: Comments read per page while looking for the marker, and pages at most.
PER_PAGE, PAGES = 100, 20


def _request(method: str, url: str, headers: dict[str, str], body: dict | None = None):
    data = json.dumps(body).encode("utf-8") if body is not None else None
    request = urllib.request.Request(url, data=data, method=method,
                                     headers={**headers, "Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310 (the host's own API)
        return json.loads(response.read().decode("utf-8") or "null")


def _host(name: str) -> tuple[str, str, dict[str, str], str]:
    """(list and create URL, URL of one comment without its id, headers, body key)."""
    env = os.environ
    if name == "github":
        base = f"{env['GITHUB_API_URL']}/repos/{env['GITHUB_REPOSITORY']}"
        headers = {"Authorization": f"Bearer {env['GITHUB_TOKEN']}", "Accept": "application/vnd.github+json"}
        return f"{base}/issues/{env['PR_NUMBER']}/comments", f"{base}/issues/comments/", headers, "PATCH"
    if name == "gitlab":
        base = (f"{env['CI_API_V4_URL']}/projects/{quote(env['CI_PROJECT_ID'], safe='')}"
                f"/merge_requests/{env['CI_MERGE_REQUEST_IID']}/notes")
        return base, f"{base}/", {"PRIVATE-TOKEN": env["LOTSEN_GITLAB_TOKEN"]}, "PUT"
    raise SystemExit(f"Okänd git-tjänst '{name}': ange github eller gitlab.")


def _existing(comments_url: str, headers: dict[str, str]) -> int | None:
    for page in range(1, PAGES + 1):
        comments = _request("GET", f"{comments_url}?per_page={PER_PAGE}&page={page}", headers)
        for comment in comments or []:
            if str(comment.get("body", "")).startswith(MARKER):
                return int(comment["id"])
        if not comments or len(comments) < PER_PAGE:
            return None
    return None


def post(host: str, text: str) -> str:
    """Create or update the comment; returns 'skapad' or 'uppdaterad'."""
    comments_url, comment_url, headers, update = _host(host)
    preview = os.environ.get("PREVIEW_URL", "")
    body = MARKER + "\n" + (f"**Förhandsvisning av webbplatsen:** {preview}\n\n" if preview else "") + text
    found = _existing(comments_url, headers)
    if found is None:
        _request("POST", comments_url, headers, {"body": body})
        return "skapad"
    _request(update, f"{comment_url}{found}", headers, {"body": body})
    return "uppdaterad"


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    host, path = argv
    print(f"Kommentaren med vad ändringen påverkar är {post(host, Path(path).read_text(encoding='utf-8'))}.")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
