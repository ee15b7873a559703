"""Running chunks of work serially, on any ``concurrent.futures.Executor``, or on Dask.

The network goes to each worker once:

- ``executor=None``: in this process;
- ``executor=N`` (an int) or :func:`process_pool`: a process pool whose initializer installs
  the network in each worker; chunks then carry only a token;
- a ``dask.distributed.Client``: the network is broadcast to every worker
  (``Client.scatter(..., broadcast=True)``) and the chunks run as Dask tasks;
- any other ``concurrent.futures.Executor`` (a thread pool, a process pool of your own,
  ``Client.get_executor()``): a thread shares this process's network; a process receives the
  network's pickled bytes with its chunks (they are few) and unpickles them once.

Chunks are submitted a few at a time (bounded memory) and their results collected in order,
so the answer does not depend on the executor.
"""

from __future__ import annotations

import os
import pickle
import uuid
import weakref
from collections import OrderedDict, deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Executor, Future, ProcessPoolExecutor
from typing import Any

from .._progress import ProgressBar
from ..errors import CorridorError
from ..network import Network

__all__ = ["NetworkRef", "network_ref", "process_pool", "run_chunks", "is_dask_client"]

_REGISTRY: OrderedDict[str, Network] = OrderedDict()  # token -> network, in this process
_KEEP = 4  # networks a worker keeps
_INSTALLED: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()  # executor -> tokens


def _remember(token: str, network: Network) -> Network:
    _REGISTRY[token] = network
    _REGISTRY.move_to_end(token)
    while len(_REGISTRY) > _KEEP:
        _REGISTRY.popitem(last=False)
    return network


def _install(token: str, payload: bytes) -> None:
    """Process-pool initializer: unpickle the network once in the worker."""
    _remember(token, pickle.loads(payload))


def _restore(token: str, payload: bytes | None) -> NetworkRef:
    network = _REGISTRY.get(token)
    if network is None:
        if payload is None:
            raise CorridorError(
                "a worker has no copy of the network: build the pool with "
                "corridor.uncertainty.process_pool(network, workers)"
            )
        network = _remember(token, pickle.loads(payload))
    return NetworkRef(network, token)


class NetworkRef:
    """A network as tasks carry it: itself within a process; across processes a token and
    (unless the worker has it installed) its pickled bytes, unpickled once per worker."""

    def __init__(self, network: Network, token: str, installed: bool = False):
        self.network = network
        self.token = token
        self.installed = installed
        self._payload: bytes | None = None

    def payload(self) -> bytes:
        """The network pickled (once)."""
        if self._payload is None:
            self._payload = pickle.dumps(self.network, protocol=pickle.HIGHEST_PROTOCOL)
        return self._payload

    def __reduce__(self) -> tuple[Any, tuple[Any, ...]]:
        return (_restore, (self.token, None if self.installed else self.payload()))


def network_ref(network: Network, installed: bool = False) -> NetworkRef:
    """A :class:`NetworkRef` for ``network`` (its token lives in the network's cache, so a
    changed network gets a new one)."""
    token = network.cache.get_or_build("uncertainty token", lambda: uuid.uuid4().hex)
    _remember(token, network)
    return NetworkRef(network, token, installed)


def process_pool(network: Network, workers: int | None = None) -> ProcessPoolExecutor:
    """A process pool with ``network`` installed in each worker by its initializer.

    Parameters
    ----------
    network : Network
    workers : int, optional
        Worker processes (default: the CPUs of this machine).

    Returns
    -------
    concurrent.futures.ProcessPoolExecutor
        Pass it as ``executor=`` to :func:`corridor.monte_carlo` or :func:`corridor.sweep`;
        shut it down when done (``with process_pool(net, 2) as pool: ...``).
    """
    if workers is None:
        workers = os.cpu_count() or 1
    if isinstance(workers, bool) or not isinstance(workers, int) or workers < 1:
        raise CorridorError(f"workers must be a whole number >= 1, got {workers!r}")
    ref = network_ref(network)
    pool = ProcessPoolExecutor(
        max_workers=workers, initializer=_install, initargs=(ref.token, ref.payload())
    )
    _INSTALLED[pool] = {ref.token}
    return pool


def is_dask_client(executor: Any) -> bool:
    """Whether ``executor`` is a ``dask.distributed.Client`` (not imported to check)."""
    return type(executor).__module__.startswith("distributed") and hasattr(executor, "scatter")


def _workers_of(executor: Any) -> int:
    if executor is None:
        return 1
    if is_dask_client(executor):
        try:
            return max(1, len(executor.scheduler_info()["workers"]))
        except Exception:  # pragma: no cover - an unusual scheduler
            return 2
    return int(getattr(executor, "_max_workers", 0) or 2)


def check_executor(executor: Any) -> Any:
    """``executor`` if usable (None, an int >= 1, an Executor or a Dask client)."""
    if executor is None or isinstance(executor, Executor) or is_dask_client(executor):
        return executor
    if isinstance(executor, int) and not isinstance(executor, bool) and executor >= 1:
        return executor
    raise CorridorError(
        f"executor must be None, a number of worker processes, a concurrent.futures.Executor "
        f"or a dask.distributed.Client, got {executor!r}"
    )


def run_chunks(
    func: Callable[..., Any],
    network: Network,
    job: Any,
    chunks: Iterable[tuple[int, Any]],
    *,
    executor: Any,
    total: int,
    desc: str,
    progress: bool,
    size_of: Callable[[Any], int],
) -> Iterator[Any]:
    """Yield ``func(network_ref, job, start, payload)`` for each ``(start, payload)`` chunk,
    in order, running them on ``executor`` (see the module docstring)."""
    executor = check_executor(executor)
    own = None
    if isinstance(executor, int):
        chunks = list(chunks)  # a few: no more worker processes than chunks to run
        own = executor = process_pool(network, max(1, min(executor, len(chunks))))
    try:
        with ProgressBar(total, desc, progress, unit="draw" if "draw" in desc else "it") as bar:
            if executor is None:
                ref = network_ref(network)
                for start, payload in chunks:
                    out = func(ref, job, start, payload)
                    bar.update(size_of(payload))
                    yield out
                return
            yield from _pooled(func, network, job, chunks, executor, bar, size_of)
    finally:
        if own is not None:
            own.shutdown(wait=True)


def _pooled(func, network, job, chunks, executor, bar, size_of) -> Iterator[Any]:
    """Submit chunks a few at a time; collect in order."""
    window = 2 * _workers_of(executor)
    if is_dask_client(executor):
        handle = executor.scatter(network, broadcast=True, hash=False)

        def submit(start: int, payload: Any) -> Any:
            return executor.submit(dask_task, func, handle, job, start, payload, pure=False)

    else:
        ref = network_ref(network, installed=network_ref(network).token in _tokens(executor))

        def submit(start: int, payload: Any) -> Any:
            return executor.submit(func, ref, job, start, payload)

    pending: deque[tuple[Future, int]] = deque()
    for start, payload in chunks:
        pending.append((submit(start, payload), size_of(payload)))
        if len(pending) >= window:
            future, size = pending.popleft()
            yield future.result()
            bar.update(size)
    while pending:
        future, size = pending.popleft()
        yield future.result()
        bar.update(size)


def _tokens(executor: Any) -> set[str]:
    try:
        return _INSTALLED.get(executor, set())
    except TypeError:  # pragma: no cover - an executor that cannot be weakly referenced
        return set()


def dask_task(func: Callable[..., Any], network: Network, job: Any, start: int, payload: Any):
    """A chunk as a Dask task: ``network`` is the worker's broadcast copy."""
    return func(NetworkRef(network, "dask"), job, start, payload)
