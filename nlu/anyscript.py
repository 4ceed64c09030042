"""Text folding for every script (Latin, Arabic/Persian, Cyrillic): lives in ``swedish.anyscript``.

jobmatch needs the same folding for the translated names (and may import only ``swedish``), so the
one implementation moved there; this module keeps the NLU's and the actions' imports working.
"""

from __future__ import annotations

from swedish.anyscript import fold_any, script_of, words_any

__all__ = ["fold_any", "script_of", "words_any"]
