"""Map a pure function over a sequence on a Dask distributed cluster, in input order.

Extraction is a pure function of one document, so a corpus that outgrows one machine runs
the same code on a cluster: the items go out in batches (one task per batch, so 300,000
documents make a few thousand tasks, not 300,000), at most a bounded number of batches are
out or waiting to be handed back at once (memory stays bounded however long the input), and
the results come back in input order, so the output is identical to a local run.

``address`` is a scheduler address (``tcp://host:8786``), whose workers must import the
same version of this package, or ``"local"``: a cluster of worker processes on this
machine, for the run only, listening on 127.0.0.1 without a dashboard.

Dask is an optional dependency (``pip install luocdo[distributed]``), imported only here.
"""

from __future__ import annotations

import importlib
import logging
import traceback
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import ExitStack
from typing import Any, TypeVar

from .errors import LuocdoError
from .models import Document

T = TypeVar("T")
R = TypeVar("R")

LOCAL = "local"
# A batch holds up to this much input (by the caller's size, e.g. characters of text) and
# this many items; small inputs are cut finer so that every worker gets several batches.
BATCH_SIZE = 1 << 20
BATCH_ITEMS = 1000
BATCHES_PER_WORKER = 8


class DistributedError(LuocdoError):
    """The cluster could not be reached, or a task failed on it."""


class ItemError(Exception):
    """Raised on a worker: ``func`` failed on the item at ``index`` of the input."""

    def __init__(self, index: int, error: str, trace: str) -> None:
        super().__init__(index, error, trace)
        self.index = index
        self.error = error
        self.trace = trace

    def __str__(self) -> str:
        return f"item {self.index}: {self.error}"


def batches(sizes: Iterable[int], limit: int, max_items: int = BATCH_ITEMS) -> Iterator[range]:
    """Consecutive index ranges covering ``sizes``: each adds up to at most ``limit`` and
    holds at most ``max_items``, except that an item larger than ``limit`` is a batch alone."""
    start = total = 0
    index = -1
    for index, size in enumerate(sizes):
        if index > start and (total + size > limit or index - start >= max_items):
            yield range(start, index)
            start, total = index, 0
        total += size
    if index >= start:
        yield range(start, index + 1)


def _run_batch(func: Callable[[T], R], start: int, items: list[T]) -> list[R]:
    """The task run on a worker: ``func`` over one batch, naming the item that failed."""
    results: list[R] = []
    for offset, item in enumerate(items):
        try:
            results.append(func(item))
        except Exception as err:  # re-raised with the item's index, whatever it was
            error = f"{type(err).__name__}: {err}"
            raise ItemError(start + offset, error, traceback.format_exc()) from err
    return results


def map_ordered(
    func: Callable[[T], R],
    items: Sequence[T],
    *,
    address: str,
    workers: int = 1,
    size: Callable[[T], int] | None = None,
    label: Callable[[int], str] | None = None,
    batch_size: int = BATCH_SIZE,
    window: int | None = None,
    timeout: float = 30.0,
) -> Iterator[R]:
    """``func(item)`` for every item, in input order, computed on a Dask cluster.

    Args:
        func: a picklable function (module-level, importable on the workers).
        items: the inputs; each batch of them is pickled into one task.
        address: ``"local"`` for a cluster of ``workers`` processes on this machine for
            this run, or a scheduler address such as ``tcp://host:8786``.
        workers: the number of worker processes of a local cluster.
        size: the weight of an item for batching (e.g. its length); 1 each by default.
        label: the name of the item at an index, for error messages ("item N" by default).
        batch_size: the largest total weight of a batch.
        window: the most batches out on the cluster or waiting to be handed back in order
            (bounds memory); twice the cluster's worker threads by default.
        timeout: seconds to wait for the scheduler and its first worker.

    Raises:
        DistributedError: the scheduler or its workers could not be reached, or ``func``
            failed on an item (the message names the item and the error).
    """
    if not items:
        return
    if workers < 1 or (window is not None and window < 1):
        raise ValueError("workers and window must be at least 1")
    dd = _dask()
    with ExitStack() as stack:
        try:
            if address == LOCAL:
                cluster = stack.enter_context(
                    dd.LocalCluster(
                        n_workers=workers,
                        threads_per_worker=1,
                        processes=True,
                        host="127.0.0.1",
                        dashboard_address=None,
                        worker_dashboard_address=None,
                        # The scheduler's HTTP server (health, metrics) runs even without a
                        # dashboard: on a free port of 127.0.0.1, not 8787 on every run.
                        scheduler_kwargs={"dashboard_address": "127.0.0.1:0"},
                        # Every failure reaches the caller as a DistributedError; what the
                        # workers would log is shutdown noise ("failed to communicate with
                        # scheduler during heartbeat", dask/distributed#7192).
                        silence_logs=logging.CRITICAL,
                    )
                )
                client = stack.enter_context(
                    dd.Client(cluster, set_as_default=False, timeout=timeout)
                )
            else:
                client = stack.enter_context(
                    dd.Client(address, set_as_default=False, timeout=timeout)
                )
            client.wait_for_workers(1, timeout=timeout)
        except (OSError, TimeoutError, RuntimeError) as err:  # no scheduler, or no worker
            raise DistributedError(f"Dask scheduler {address}: {err}") from err
        threads = max(1, sum(client.nthreads().values()))
        weights = [1 if size is None else size(item) for item in items]
        limit = max(1, min(batch_size, sum(weights) // (threads * BATCHES_PER_WORKER)))
        todo = enumerate(batches(weights, limit))
        bound = 2 * threads if window is None else window
        pending = dd.as_completed(loop=client.loop)
        numbers: dict[str, tuple[int, range]] = {}  # future key → batch number and span
        done: dict[int, list[R]] = {}  # results that wait for an earlier batch
        submitted = handed = 0

        def fill() -> None:
            nonlocal submitted
            while submitted - handed < bound:
                number, span = next(todo, (-1, range(0)))
                if number < 0:
                    return
                batch = [items[i] for i in span]
                future = client.submit(_run_batch, func, span.start, batch, pure=False)
                numbers[future.key] = (number, span)
                pending.add(future)
                submitted += 1

        fill()
        for future in pending:
            number, span = numbers.pop(future.key)
            if future.status != "finished":
                error = future.exception() if future.status == "error" else None
                raise _failure(address, span, error, future.status, label)
            done[number] = future.result()
            while handed in done:
                yield from done.pop(handed)
                handed += 1
            fill()


def map_documents(
    func: Callable[[Document], R], documents: Sequence[Document], *, address: str, workers: int
) -> list[R]:
    """``func(doc)`` for every document, in order, on the cluster at ``address``: batches are
    cut by characters of text, and an error names the document's file."""

    def size(doc: Document) -> int:
        return len(doc.text)

    def name(index: int) -> str:
        return documents[index].path

    found = map_ordered(func, documents, address=address, workers=workers, size=size, label=name)
    return list(found)


def _dask() -> Any:
    """The ``distributed`` module (an optional dependency, untyped: its calls are Any)."""
    try:
        return importlib.import_module("distributed")
    except ModuleNotFoundError as err:
        raise DistributedError(
            "Dask is not installed: pip install 'luocdo[distributed]' (dask, distributed)"
        ) from err


def _failure(
    address: str,
    span: range,
    err: BaseException | None,
    status: str,
    label: Callable[[int], str] | None,
) -> DistributedError:
    if isinstance(err, ItemError):
        item = label(err.index) if label else f"item {err.index}"
        return DistributedError(f"Dask {address}: {item}: {err.error}\n{err.trace}")
    what = f"{type(err).__name__}: {err}" if err is not None else status
    last = span.stop - 1
    return DistributedError(f"Dask {address}: the batch of items {span.start}-{last}: {what}")
