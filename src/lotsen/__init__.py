"""Lotsen: a ledningssystem för systematiskt kvalitetsarbete kept as documentation-as-code.

``extensions = ["lotsen"]`` in a Sphinx ``conf.py`` loads the extension.
"""

__version__ = "0.1.0"


def setup(app):  # pragma: no cover - thin forwarder, exercised by every build test
    from lotsen.sphinx.extension import setup as _setup

    return _setup(app)
