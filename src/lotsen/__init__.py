"""Lotsen: a ledningssystem för systematiskt kvalitetsarbete kept as documentation-as-code.

``extensions = ["lotsen"]`` in a Sphinx ``conf.py`` loads the extension.
"""

from lotsen.version import __version__

__all__ = ["__version__", "setup"]


def setup(app):  # pragma: no cover - thin forwarder, exercised by every build test
    # first, before the rest of Lotsen is imported: a build that changed nothing ends here
    from lotsen.sphinx.nothing_changed import end_if_nothing_changed

    end_if_nothing_changed(app)
    # before the rest of Lotsen, sphinx-needs and myst-parser are imported: their
    # modules are objects that live through the build (sphinx/extension.py _fewer_collections)
    from lotsen.collection import fewer_collections

    fewer_collections()
    from lotsen.sphinx.extension import setup as _setup

    return _setup(app)
