"""Lotsen: a ledningssystem för systematiskt kvalitetsarbete kept as documentation-as-code.

``extensions = ["lotsen"]`` in a Sphinx ``conf.py`` loads the extension.
"""

from lotsen.version import __version__

__all__ = ["__version__", "setup"]


def setup(app):  # pragma: no cover - thin forwarder, exercised by every build test
    from lotsen.sphinx.extension import setup as _setup

    return _setup(app)
