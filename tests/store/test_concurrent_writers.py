"""Several writers at once, on both backends: separate processes saving overlapping
batches into one store lose nothing, store no document twice, and leave the merged
events that merging everything at once gives."""

from __future__ import annotations

import multiprocessing
import random
from concurrent.futures import ProcessPoolExecutor

import pytest

from sitrep.store import Store

#: Each writer saves every document (in its own order and batches): the store must end
#: with each once, however the transactions interleave.
WRITERS = 3


def _write_everything(target: str, seed: int) -> int:
    """One writer process: save all of test_merged's documents in a shuffled order."""
    from test_merged import DOCUMENTS

    order = list(DOCUMENTS)
    random.Random(seed).shuffle(order)
    stored = 0
    with Store.open(target) as store:
        for start in range(0, len(order), 2):
            stored += store.save(order[start : start + 2]).documents
    return stored


@pytest.mark.parametrize("writers", [WRITERS])
def test_writers_at_once_lose_nothing_and_store_each_document_once(
    db_target: str, writers: int
) -> None:
    from test_merged import DOCUMENTS, _batch_groups, _stored_groups

    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(writers, mp_context=context) as pool:
        stored = list(pool.map(_write_everything, [db_target] * writers, range(writers)))
    assert sum(stored) == len(DOCUMENTS)  # each document was new to exactly one writer
    with Store.open(db_target) as store:
        assert store.documents_count() == len(DOCUMENTS)
        assert store.events_count() == sum(len(a.events) for a in DOCUMENTS)
        assert _stored_groups(store) == _batch_groups(DOCUMENTS)
