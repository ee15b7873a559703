"""How sure are we? Monte Carlo draws over the data's uncertain items, and sweeps of many
scenarios, serially or on any ``concurrent.futures.Executor`` or Dask cluster.

- :mod:`.model`: the uncertain items of a scenario and their probabilities
  (:class:`Uncertainty`, ``data/uncertainty.toml``);
- :mod:`.engine`: many draws resolved at once, one search per distinct cost pattern;
- :mod:`.executors`: the network to each worker once, chunks of work, progress;
- :mod:`.result`: :class:`MonteCarloResult`, :func:`binomial_interval`;
- :mod:`.api`: :func:`monte_carlo`, :func:`sweep`.
"""

from .api import as_uncertainty, monte_carlo, sweep
from .executors import process_pool
from .model import Item, Uncertainty
from .result import MonteCarloResult, binomial_interval

__all__ = [
    "Item",
    "MonteCarloResult",
    "Uncertainty",
    "as_uncertainty",
    "binomial_interval",
    "monte_carlo",
    "process_pool",
    "sweep",
]
