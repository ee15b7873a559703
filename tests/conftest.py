import os

import matplotlib
import pytest

matplotlib.use("Agg")
os.environ.setdefault("MPLBACKEND", "Agg")


@pytest.fixture
def synthetic_dir(tmp_path):
    from synthetic import write

    return write(tmp_path / "synthetic")
