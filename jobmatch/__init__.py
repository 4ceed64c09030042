"""Jobbcoach job matching: ingest JobTech ads, embed them, index them, search them.

Importing this package is cheap on purpose: no model and no index is loaded until a
search is asked for (the action server crashes if a model loads at import time).
"""

__all__ = ["__version__"]
__version__ = "0.1.0"
