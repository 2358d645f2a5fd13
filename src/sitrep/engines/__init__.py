"""Engines: where the per-batch function runs. The local engine is this machine's
processes (`sitrep.pipeline.process_parallel`); `sitrep.engines.dask` runs the
same function on a Dask cluster (docs/scale.md). Both take a picklable pipeline
factory and an iterator of documents, and yield one result per input, in order.
"""

from __future__ import annotations

from types import ModuleType

from sitrep.errors import ConfigError


def load_dask() -> ModuleType:
    """`sitrep.engines.dask`, or a `ConfigError` naming the extra when Dask is missing."""
    try:
        from sitrep.engines import dask
    except ImportError as exc:
        raise ConfigError(
            f'engine dask needs Dask ({exc.name} is missing): pip install "sitrep[scale]"'
        ) from None
    return dask
