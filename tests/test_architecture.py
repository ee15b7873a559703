"""The package's shape: data flows one way through its layers, no import cycles (counting
imports inside functions), no module over 700 lines, no function over 100 lines, no private
names imported across modules, and an import that stays light."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import networkx as nx
import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "corridor"

# Lower layers first; a module may import only from its own layer or those before it.
LAYERS = [
    [
        "errors",
        "_checks",
        "_schema",
        "_dates",
        "_bundled",
        "_files",
        "names",
        "distance",
        "_geometry",
    ],
    [
        "_progress",
        "sourced_tables",
    ],  # progress bars (tqdm): used by the network builders and the analyses
    ["layers"],
    ["validate"],
    ["control", "freight_data"],
    ["network"],
    ["datasets"],
    ["whatif"],
    ["events", "incidence"],
    ["resolution"],
    ["costs"],
    ["freight"],
    ["alternatives"],
    ["routing"],
    ["uncertainty"],
    ["throughput"],
    ["interdiction"],
    ["critical", "comparison"],
    ["modes"],
    ["export", "plot"],
    ["cli"],
    ["__main__"],  # python -m corridor
]
RANK = {name: i for i, layer in enumerate(LAYERS) for name in layer}


def module_name(path: Path) -> str:
    rel = path.relative_to(PACKAGE.parent).with_suffix("")
    parts = list(rel.parts)
    if parts[-1] == "__init__":
        parts = parts[:-1]
    return ".".join(parts)


def modules() -> dict[str, ast.Module]:
    return {module_name(p): ast.parse(p.read_text(encoding="utf-8")) for p in PACKAGE.rglob("*.py")}


def imports(name: str, tree: ast.Module, is_package: bool):
    """(imported module, imported names, line) for every import of a corridor module,
    including imports inside functions and under TYPE_CHECKING."""
    package = name if is_package else name.rpartition(".")[0]
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - node.level + 1]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            if target == "corridor" or target.startswith("corridor."):
                yield target, [a.name for a in node.names], node.lineno
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.startswith("corridor"):
                    yield alias.name, [], node.lineno


def top(target: str) -> str:
    parts = target.split(".")
    return parts[1] if len(parts) > 1 else ""


@pytest.fixture(scope="module")
def trees():
    return modules()


def graph_of(trees) -> nx.DiGraph:
    known = set(trees)
    g = nx.DiGraph()
    g.add_nodes_from(known)
    for name, tree in trees.items():
        is_package = (PACKAGE.parent / Path(*name.split("."))).is_dir()
        for target, names, _ in imports(name, tree, is_package):
            # "from . import x" names a submodule when x is one
            for item in names or [""]:
                sub = f"{target}.{item}"
                dest = sub if sub in known else target
                if dest in known and dest != name:
                    g.add_edge(name, dest)
    return g


def test_no_import_cycles(trees):
    """Among the package's modules (subpackage __init__ files included; the top-level facade
    ``corridor/__init__.py``, which only re-exports, left out)."""
    g = graph_of(trees)
    cycles = list(nx.simple_cycles(g.subgraph(set(g) - {"corridor"})))
    assert not cycles, f"import cycles: {cycles[:5]}"


def test_the_cycle_check_sees_imports_inside_functions():
    tree = ast.parse("def f():\n    from .routing import viable_routes\n")
    assert [t for t, _, _ in imports("corridor.resolve", tree, False)] == ["corridor.routing"]


def test_imports_flow_down_the_layers(trees):
    wrong = []
    for name, tree in trees.items():
        if name == "corridor":
            continue  # the facade re-exports everything
        is_package = (PACKAGE.parent / Path(*name.split("."))).is_dir()
        here = RANK[top(name)]
        for target, _, line in imports(name, tree, is_package):
            if target == "corridor":
                wrong.append(f"{name}:{line} imports the corridor facade")
            elif RANK[top(target)] > here:
                wrong.append(f"{name}:{line} imports {target} (a higher layer)")
    assert not wrong, "\n".join(wrong)


def test_every_module_has_a_layer(trees):
    assert {top(n) for n in trees if n != "corridor"} <= set(RANK)


def test_no_private_names_across_modules(trees):
    wrong = []
    for name, tree in trees.items():
        is_package = (PACKAGE.parent / Path(*name.split("."))).is_dir()
        for target, names, line in imports(name, tree, is_package):
            private = [n for n in names if n.startswith("_") and n != "__version__"]
            if private:
                wrong.append(f"{name}:{line} imports {private} from {target}")
    assert not wrong, "\n".join(wrong)


def code_lines(node: ast.FunctionDef | ast.AsyncFunctionDef) -> int:
    """Lines of a function, its docstring left out."""
    n = node.end_lineno - node.lineno + 1
    first = node.body[0]
    if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
        n -= first.end_lineno - first.lineno + 1
    return n


def test_modules_and_functions_stay_small():
    long_modules, long_functions = [], []
    for path in PACKAGE.rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        if text.count("\n") > 700:
            long_modules.append(f"{path.relative_to(PACKAGE)}: {text.count(chr(10))} lines")
        for node in ast.walk(ast.parse(text)):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                n = code_lines(node)
                if n > 100:
                    long_functions.append(
                        f"{path.relative_to(PACKAGE)}:{node.lineno} {node.name}: {n}"
                    )
    assert not long_modules, long_modules
    assert not long_functions, long_functions


def test_importing_corridor_does_not_import_matplotlib():
    """Drawing is loaded on first use (GeoPandas-style import hygiene)."""
    code = "import sys, corridor; print('matplotlib' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


HEAVY_UNUSED = ("matplotlib", "scipy.stats")  # ~1.5 s and ~1 s to import on a slow machine


@pytest.mark.parametrize(
    "command",
    [
        ["routes", "Tehran", "Beirut", "--scenario", "mid-2018"],
        ["capacity", "Tehran", "Beirut", "--scenario", "mid-2018"],
        ["interdict", "Tehran", "Beirut", "--scenario", "mid-2018"],
        ["modes", "Tehran", "Damascus", "--scenario", "autumn-2019"],
        ["explain", "Tehran", "Beirut", "--scenario", "mid-2018"],
        ["montecarlo", "Tehran", "Beirut", "--scenario", "mid-2018", "--n", "50"],
    ],
)
def test_commands_without_a_map_import_neither_matplotlib_nor_scipy_stats(command):
    """A command draws (and loads matplotlib) only when --png or --html asks; the Monte Carlo
    interval's normal quantile comes from the standard library, not scipy.stats."""
    code = (
        "import sys, contextlib, io\n"
        "from corridor.cli import main\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        f"    code = main({command!r})\n"
        f"print(code, [m for m in {HEAVY_UNUSED!r} if m in sys.modules])"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "0 []"


def test_loading_geojson_layers_does_not_import_gdal():
    """The bundled GeoJSON layers are read with json and Shapely: pyogrio (GDAL) is loaded only
    for GeoPackages and other formats."""
    code = "import sys, corridor; corridor.load(); print('pyogrio' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_py_typed_marker_ships():
    assert (PACKAGE / "py.typed").exists()


def test_the_bundled_network_names_are_the_datasets_load_builds():
    """``corridor._bundled.BUNDLED_NETWORKS`` (light, for the fast commands) lists exactly
    the networks ``corridor.datasets.NAMED_DATASETS`` builds."""
    from corridor._bundled import BUNDLED_NETWORKS
    from corridor.datasets import NAMED_DATASETS

    assert tuple(NAMED_DATASETS) == BUNDLED_NETWORKS


@pytest.mark.parametrize("command", [["--help"], ["--version"], ["scenarios"]])
def test_the_fast_commands_import_no_numerical_library(command):
    """`--help`, `--version` and `scenarios` start in well under 0.3 s (issue 10): they load
    neither NumPy nor pandas, GeoPandas, NetworkX, SciPy or Shapely (NumPy alone is ~0.1 s)."""
    code = (
        "import sys, contextlib, io\n"
        "from corridor.cli import main\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        "    try:\n"
        f"        main({command!r})\n"
        "    except SystemExit:\n"
        "        pass\n"
        "heavy = ('numpy', 'pandas', 'geopandas', 'networkx', 'scipy', 'shapely')\n"
        "print([m for m in heavy if m in sys.modules])"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
