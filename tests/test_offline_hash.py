"""The hash offline.json gives a page (site/offline.py page_hash) must be the one the
service worker computes (worker/sw.js: the text without the first build line, by a
regular expression), though Lotsen cuts the line from the page's bytes."""

from __future__ import annotations

import hashlib
import re

import pytest

from lotsen.site.offline import page_hash

#: What worker/sw.js does, in Python.
_WORKER_LINE = re.compile(r'<p class="build">[\s\S]*?</p>')


def _as_the_worker(html: bytes) -> str:
    return hashlib.sha256(_WORKER_LINE.sub("", html.decode("utf-8"), count=1).encode("utf-8")).hexdigest()[:16]


@pytest.mark.parametrize("page", [
    "<html><body><p>Åtgärd</p></body></html>",
    '<main>Hembesök</main><footer><p class="build">Byggd 2030-12-31 – ä</p></footer>',
    '<p class="build">först</p><p class="build">sedan</p>',
    '<p class="build">utan slut',
    '<p class="build"></p>',
    '<p>a</p><p class="build">rad\nmed radbrytning</p><p>b</p>',
    '<p class="build">',
    "",
])
def test_a_page_s_hash_is_the_worker_s(page: str) -> None:
    html = page.encode("utf-8")
    assert page_hash(html) == _as_the_worker(html)


def test_only_the_build_line_is_left_out() -> None:
    one = '<p>Rutin</p><p class="build">Byggd 2030-12-30</p><p>Slut</p>'.encode()
    other = '<p>Rutin</p><p class="build">Byggd 2030-12-31</p><p>Slut</p>'.encode()
    changed = '<p>Rutin</p><p class="build">Byggd 2030-12-31</p><p>Slut.</p>'.encode()
    assert page_hash(one) == page_hash(other) != page_hash(changed)
