"""The Dask engine: the pipeline's per-batch function on a Dask cluster.

How it works, for a newcomer:

- `process_dask` connects to the scheduler at `scheduler` (``tcp://HOST:8786``),
  or starts a local cluster of `workers` processes when there is none, and
  registers `PipelinePlugin`: each worker builds the pipeline once, when it
  starts (or joins later), and keeps it for every batch it is given.
- Documents go to the workers in batches of `batch_size`, drawn here in the
  caller's thread (the documents may be read lazily from files or a store). A
  few batches per worker are in flight at once, so memory stays bounded on any
  input, and results come back in input order, to be saved by the caller as they
  arrive: the workers never touch the store. Results come back without their
  parse (`Analysis.parse` is None), a fifth of the bytes; everything stored is there.
- A worker that dies in the middle of a batch (killed, out of memory) loses
  nothing: the scheduler gives its batch to another worker, and the store's
  idempotent saving makes any repeated result harmless.

Dask is imported only here, and this module only when the engine is used
(`sitrep.engines.load_dask`, whose error without Dask names
``pip install "sitrep[scale]"``).
"""

from __future__ import annotations

import collections
from collections.abc import Callable, Iterable, Iterator
from dataclasses import replace
from typing import Any

from distributed import Client, LocalCluster, get_worker
from distributed.diagnostics.plugin import WorkerPlugin

from sitrep.errors import ConfigError
from sitrep.model import Analysis, Document, Rejected, Result
from sitrep.pipeline import Pipeline, batched

#: The name the plugin is registered under on every worker.
PLUGIN = "sitrep-pipeline"
#: Batches kept in flight per worker: enough to keep each busy, few enough to bound memory.
IN_FLIGHT_PER_WORKER = 2
#: Seconds to wait for a scheduler before saying it cannot be reached.
CONNECT_TIMEOUT = 10


class PipelinePlugin(WorkerPlugin):
    """A Dask worker plugin that builds the pipeline once per worker and keeps it."""

    name = PLUGIN

    def __init__(self, factory: Callable[[], Pipeline]) -> None:
        self.factory = factory
        self.pipeline: Pipeline | None = None

    def setup(self, worker: Any) -> None:
        """Build the pipeline when the worker starts (or when the plugin is registered)."""
        self.pipeline = self.factory()

    def teardown(self, worker: Any) -> None:
        """Forget the pipeline."""
        self.pipeline = None


def process_batch(batch: list[Document | Rejected]) -> list[Result]:
    """The task each worker runs: its own pipeline over one batch. The parse is not
    sent back (it is most of an analysis's bytes, and no store keeps it)."""
    worker = get_worker()
    plugin: PipelinePlugin = worker.plugins[PLUGIN]  # type: ignore[assignment]
    if plugin.pipeline is None:  # pragma: no cover - setup always runs first
        plugin.setup(worker)
    assert plugin.pipeline is not None
    results = plugin.pipeline.process_batch(batch)
    return [replace(r, parse=None) if isinstance(r, Analysis) else r for r in results]


def process_dask(
    factory: Callable[[], Pipeline],
    items: Iterable[Document | Rejected],
    *,
    scheduler: str | None,
    workers: int,
    batch_size: int,
) -> Iterator[Result]:
    """Map the per-batch function over a Dask cluster, keeping input order.

    `factory` must be picklable (a module-level function or a functools.partial
    of one); each worker calls it once, through `PipelinePlugin`."""
    with client_for(scheduler, workers) as client:
        prepare(client, factory)
        yield from run_on(client, items, batch_size=batch_size)


def prepare(client: Any, factory: Callable[[], Pipeline]) -> None:
    """Register the plugin that builds the pipeline on every worker, now and joining later."""
    client.register_plugin(PipelinePlugin(factory), name=PLUGIN)


def run_on(
    client: Any, items: Iterable[Document | Rejected], *, batch_size: int
) -> Iterator[Result]:
    """The batches of `items` through the workers of `client` (`prepare`d), in order."""
    capacity = max(1, len(client.scheduler_info().get("workers", {})))
    pending: collections.deque[Any] = collections.deque()
    for batch in batched(items, batch_size):
        # pure=False: the same batch twice (a re-run) is two tasks, never a cached one.
        pending.append(client.submit(process_batch, batch, pure=False, retries=2))
        if len(pending) >= IN_FLIGHT_PER_WORKER * capacity:
            yield from pending.popleft().result()
    while pending:
        yield from pending.popleft().result()


def client_for(scheduler: str | None, workers: int) -> Any:
    """A client of the scheduler at `scheduler`, or of a new local cluster."""
    if scheduler is None:
        cluster = LocalCluster(  # type: ignore[no-untyped-call]
            n_workers=workers, threads_per_worker=1, processes=True,
            dashboard_address=":0", silence_logs=40,  # any free port, never a clash
        )  # fmt: skip
        return _Owned(Client(cluster), cluster)  # type: ignore[no-untyped-call]
    try:
        return Client(scheduler, timeout=CONNECT_TIMEOUT)  # type: ignore[no-untyped-call]
    except (OSError, TimeoutError, ValueError) as exc:
        raise ConfigError(
            f"cannot reach the Dask scheduler at {scheduler} ({exc}); start one with "
            "`dask scheduler` and workers with `dask worker "
            f"{scheduler}` (docs/scale.md), or leave --scheduler out for a local cluster"
        ) from None


class _Owned:
    """A client and the local cluster it started, closed together."""

    def __init__(self, client: Any, cluster: Any) -> None:
        self.client = client
        self.cluster = cluster

    def __enter__(self) -> Any:
        return self.client

    def __exit__(self, *exc: object) -> None:
        self.client.close()
        self.cluster.close()
