"""The analysis notebooks in notebooks/ run top to bottom and produce their key outputs.

Each notebook is executed in memory (the committed files, which carry their outputs, are not
touched) in a kernel running this interpreter, with notebooks/ as the working directory. The
seed quotes in the notebooks' text are checked verbatim against seeds/.
"""

from __future__ import annotations

import copy
import os
import re
import sys
from pathlib import Path

import nbformat
import pytest
from jupyter_client.kernelspec import KernelSpecManager, NoSuchKernel
from jupyter_client.manager import AsyncKernelManager
from nbclient import NotebookClient

import corridor

ROOT = Path(__file__).resolve().parents[1]
NB_DIR = ROOT / "notebooks"
NOTEBOOKS = [
    "01_quickstart",
    "02_tanf_what_if",
    "03_timeline_2017_present",
    "04_northern_route",
    "05_how_sure",
    "06_land_air_sea",
]
KERNEL = "python3"
# commands jupyter_client replaces with sys.executable when it starts a kernel
_THIS_PYTHON = {
    "python",
    f"python{sys.version_info[0]}",
    f"python{sys.version_info[0]}.{sys.version_info[1]}",
}


def _runs_this_python(argv: list[str]) -> bool:
    if not argv:
        return False
    if argv[0] in _THIS_PYTHON:
        return True
    try:
        return Path(argv[0]).resolve() == Path(sys.executable).resolve()
    except OSError:
        return False


@pytest.fixture(scope="module")
def kernel_specs(tmp_path_factory) -> KernelSpecManager:
    """A kernelspec manager whose 'python3' kernel runs this interpreter.

    The installed 'python3' kernelspec is used when it runs this interpreter; otherwise (a fresh
    venv without one, or one pointing at another Python) a 'python3' kernelspec for this
    interpreter is written to a temporary prefix.
    """
    specs = KernelSpecManager()
    try:
        if _runs_this_python(specs.get_kernel_spec(KERNEL).argv):
            return specs
    except NoSuchKernel:
        pass
    from ipykernel.kernelspec import install

    prefix = tmp_path_factory.mktemp("kernelspec")
    install(prefix=str(prefix), kernel_name=KERNEL)
    return KernelSpecManager(kernel_dirs=[str(prefix / "share" / "jupyter" / "kernels")])


def _kernel_env() -> dict[str, str]:
    env = dict(os.environ)
    # conftest sets MPLBACKEND=Agg for the tests; the kernel must use its inline backend
    env.pop("MPLBACKEND", None)
    # the kernel imports the same corridor as this process (installed or from a source tree)
    here = str(Path(corridor.__file__).resolve().parents[1])
    env["PYTHONPATH"] = os.pathsep.join(p for p in (here, env.get("PYTHONPATH")) if p)
    return env


def _execute(name: str, specs: KernelSpecManager):
    nb = nbformat.read(NB_DIR / f"{name}.ipynb", as_version=4)
    run = copy.deepcopy(nb)
    for cell in run.cells:
        if cell.cell_type == "code":
            cell.outputs = []
            cell.execution_count = None
    km = AsyncKernelManager(kernel_name=KERNEL, kernel_spec_manager=specs)
    client = NotebookClient(
        run,
        km=km,
        timeout=600,
        kernel_name=KERNEL,
        record_timing=False,
        resources={"metadata": {"path": str(NB_DIR)}},
    )
    client.execute(env=_kernel_env())  # raises CellExecutionError on the first failing cell
    return run


def _outputs(nb):
    return [o for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", [])]


def _images(nb) -> int:
    return sum("image/png" in o.get("data", {}) for o in _outputs(nb))


def _html(nb) -> list[str]:
    return [o["data"]["text/html"] for o in _outputs(nb) if "text/html" in o.get("data", {})]


def _text(nb) -> str:
    parts = []
    for o in _outputs(nb):
        if o.output_type == "stream":
            parts.append(o.text)
        elif "text/plain" in o.get("data", {}):
            parts.append(o["data"]["text/plain"])
    return "\n".join(parts)


def _table_with(nb, *columns: str) -> bool:
    return any("<table" in h and all(f">{c}</th>" in h for c in columns) for h in _html(nb))


def _check_common(nb) -> None:
    errors = [o for o in _outputs(nb) if o.output_type == "error"]
    assert not errors, f"error outputs: {[e.get('ename') for e in errors]}"
    tracebacks = [
        o.text for o in _outputs(nb) if o.output_type == "stream" and "Traceback" in o.text
    ]
    assert not tracebacks, tracebacks[0]


def test_quickstart_runs(kernel_specs):
    nb = _execute("01_quickstart", kernel_specs)
    _check_common(nb)
    assert _images(nb) >= 1, "the quickstart should draw the route map"
    assert _table_with(nb, "via", "km", "hours", "contested_km"), "routes table missing"
    assert _table_with(nb, "km", "roads"), "blocked-roads table missing"
    text = _text(nb)
    assert "'Abu Kamal'     -> albukamal" in text
    assert "round trip equal: True" in text
    assert "[crossings]" in text  # the TOML of the saved scenario


def test_tanf_what_if_runs(kernel_specs):
    nb = _execute("02_tanf_what_if", kernel_specs)
    _check_common(nb)
    assert _images(nb) >= 3, "before, after and al-Qaim maps expected"
    assert _table_with(nb, "scenario", "delta_km", "delta_hours"), "compare table missing"
    assert _table_with(nb, "if closed, mid-2018", "if closed, handover"), "crossing table missing"
    text = _text(nb)
    assert "min cut:" in text and "best pair:" in text
    assert "Syria–Iraq crossing(s) must close" in text


def test_timeline_runs(kernel_specs):
    nb = _execute("03_timeline_2017_present", kernel_specs)
    _check_common(nb)
    assert _images(nb) >= 2, "daily chart and small multiples expected"
    assert _table_with(nb, "scenario", "date", "viable", "crossings"), "timeline table missing"
    assert _table_with(nb, "record", "confidence", "source", "quote"), "evidence tables missing"


def test_northern_route_runs(kernel_specs):
    nb = _execute("04_northern_route", kernel_specs)
    _check_common(nb)
    assert _images(nb) >= 2, "route maps on both networks expected"
    assert _table_with(nb, "route", "network", "viable", "km", "hours", "Alma km"), "table missing"
    assert _table_with(nb, "route", "crossings", "delta_km", "delta_hours"), "compare table missing"
    text = _text(nb)
    assert "control zone 'sdf-jazira-2019' held by sdf" in text  # why the northern route is shut
    assert "curated" in text and "osm-highways" in text


def test_how_sure_runs(kernel_specs):
    nb = _execute("05_how_sure", kernel_specs)
    _check_common(nb)
    assert _images(nb) >= 1, "the probability map expected"
    assert _table_with(nb, "via", "share", "low", "high"), "best-crossing table missing"
    assert _table_with(nb, "crossing", "name", "p_used"), "crossing table missing"
    assert _table_with(nb, "scenario", "viable", "crossings"), "sweep table missing"
    text = _text(nb)
    assert "a route in" in text and "95 % interval" in text
    assert "(exact answer 0.75)" in text


def test_land_air_sea_runs(kernel_specs):
    nb = _execute("06_land_air_sea", kernel_specs)
    _check_common(nb)
    assert _images(nb) >= 1, "the modes map expected"
    assert _table_with(nb, "available", "route", "tonnes_per_week", "cost_usd_per_t"), "modes table"
    text = _text(nb)
    assert "land carries" in text and "the air bridge's tonnes a week" in text
    assert "not available: SYR airspace denied" in text  # present
    assert "cape-of-good-hope" in text  # Suez denied


# ----------------------------------------------------------------------------- static checks

_ATTRIBUTION = re.compile(r"`(seeds/[0-9]{3}_[0-9a-f]+\.txt)`")


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def _seed_quotes(nb):
    """(seed path, quoted text) for every markdown blockquote attributed to a seed file."""
    for cell in nb.cells:
        if cell.cell_type != "markdown":
            continue
        block: list[str] = []
        for line in [*cell.source.splitlines(), ""]:
            if line.startswith(">"):
                block.append(line[1:].strip())
                continue
            if block:
                attribution = [b for b in block if _ATTRIBUTION.search(b)]
                if attribution:
                    body = " ".join(b for b in block if b and not _ATTRIBUTION.search(b))
                    yield _ATTRIBUTION.search(attribution[0]).group(1), body.strip().strip("“”")
                block = []


@pytest.mark.parametrize("name", NOTEBOOKS)
def test_seed_quotes_are_verbatim(name):
    nb = nbformat.read(NB_DIR / f"{name}.ipynb", as_version=4)
    quotes = list(_seed_quotes(nb))
    assert quotes, "each notebook quotes at least one seed"
    for path, text in quotes:
        seed = _norm((ROOT / path).read_text(encoding="utf-8"))
        for fragment in re.split(r"\s*(?:…|\.\.\.)\s*", text):
            assert _norm(fragment) in seed, f"not verbatim in {path}: {fragment[:80]!r}"


def test_committed_notebooks_carry_outputs():
    total = 0
    for name in NOTEBOOKS:
        path = NB_DIR / f"{name}.ipynb"
        total += path.stat().st_size
        nb = nbformat.read(path, as_version=4)
        nbformat.validate(nb)
        code = [c for c in nb.cells if c.cell_type == "code"]
        assert all(c.execution_count for c in code), f"{name}: not executed top to bottom"
        assert _images(nb) >= 1, f"{name}: committed without its figures"
        assert not [o for o in _outputs(nb) if o.output_type == "error"], f"{name}: error output"
    # 3.5 MB: the maps carry legends by zone kind and an inset (plot package, 2026); was 3 MB
    assert total < 3_500_000, f"notebooks take {total / 1e6:.1f} MB; keep them under 3.5 MB"


def test_readme_install_command_installs_jupyter():
    """notebooks/README.md says `pip install -e ".[EXTRA]"` then `jupyter lab`: the extra exists
    and brings JupyterLab."""
    try:
        import tomllib
    except ModuleNotFoundError:  # Python 3.10
        import tomli as tomllib

    readme = (NB_DIR / "README.md").read_text(encoding="utf-8")
    assert "jupyter lab notebooks/" in readme
    extras = re.findall(r'pip install -e "\.\[([\w,-]+)\]"', readme)
    assert extras, "no pip install command in notebooks/README.md"
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    optional = project["project"]["optional-dependencies"]
    wanted = [e for group in extras for e in group.split(",")]
    assert all(e in optional for e in wanted), wanted
    assert any(d.startswith("jupyterlab") for e in wanted for d in optional[e])
