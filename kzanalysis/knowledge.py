"""Reload the editable knowledge a running process holds in memory.

The package reads its knowledge files (``kzanalysis/data``: gazetteer, false
friends, boilerplate rules, abbreviations, sentiment cues, statistic rules,
stop words ...) once, through loaders cached with :func:`functools.lru_cache`
in the modules that use them.  After a file is edited, :func:`reload_knowledge`
empties every such cache, so the next call reads the files again.

:func:`kzanalysis.cache.cached` and ``run_pipeline(cache=...)`` call it
themselves whenever the knowledge files changed since they last looked
(:func:`kzanalysis.cache.sync_knowledge`), so a cached table is never computed
with old knowledge and stored under the key of the new files.

Examples
--------
>>> from kzanalysis.knowledge import reload_knowledge
>>> cleared = reload_knowledge()        # doctest: +SKIP
"""

from __future__ import annotations

import sys
from collections.abc import Callable

_PACKAGE = __name__.rpartition(".")[0]


def knowledge_loaders() -> dict[str, Callable]:
    """Every ``lru_cache``'d function defined in a loaded ``kzanalysis`` module.

    Returns
    -------
    dict
        Qualified name ("kzanalysis.entities.load_gazetteer") -> the cached
        function, sorted by name.  Modules not imported yet hold nothing in
        memory and are not imported here.
    """
    loaders: dict[str, Callable] = {}
    for name, module in list(sys.modules.items()):
        if module is None or not (name == _PACKAGE or name.startswith(_PACKAGE + ".")):
            continue
        for attribute, value in list(vars(module).items()):
            if (
                callable(getattr(value, "cache_clear", None))
                and callable(getattr(value, "cache_info", None))
                and getattr(value, "__module__", None) == name
            ):
                loaders[f"{name}.{attribute}"] = value
    return dict(sorted(loaders.items()))


def reload_knowledge() -> list[str]:
    """Forget every knowledge file loaded in this process; the next use reads them again.

    Returns
    -------
    list of str
        The qualified names of the loaders whose caches were emptied.
    """
    loaders = knowledge_loaders()
    for loader in loaders.values():
        loader.cache_clear()
    return list(loaders)
