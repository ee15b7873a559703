"""The freight tables: every row sourced (quote verbatim in its seed, or a URL) or labelled
ASSUMPTION, and loading that names the file, row and column of a problem."""

import csv
import re
import shutil
from pathlib import Path

import pytest

import corridor
from corridor import DataError
from corridor._schema import ROAD_CLASSES
from corridor.freight_data import (
    SOURCE_SEPARATOR,
    bundled_freight,
    load_freight,
    read_crossing_capacity,
    read_freight_defaults,
    read_fuel_prices,
)

REPO = Path(__file__).resolve().parents[1]
DATA = REPO / "data"
FILES = ("crossing_capacity.csv", "freight_defaults.csv", "fuel_prices.csv")


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def _rows():
    out = []
    for name in FILES:
        with open(DATA / name, encoding="utf-8", newline="") as f:
            for i, r in enumerate(csv.DictReader(f)):
                out.append((name, i + 2, r))
    return out


ROWS = _rows()


def test_the_tables_have_rows():
    assert {name for name, _, _ in ROWS} == set(FILES) and len(ROWS) >= 55


@pytest.mark.parametrize("name, row, r", ROWS, ids=[f"{n}:{i}" for n, i, _ in ROWS])
def test_every_row_has_a_source_and_quote_or_an_assumption_note(name, row, r):
    source, quote, note = r["source"].strip(), r["quote"].strip(), r["note"].strip()
    if not source and not quote:
        assert note.startswith("ASSUMPTION:"), f"{name} row {row}: no source and no ASSUMPTION:"
        assert r["confidence"] == "low", f"{name} row {row}: an assumption has confidence low"
        return
    sources, quotes = source.split(SOURCE_SEPARATOR), quote.split(SOURCE_SEPARATOR)
    assert len(sources) == len(quotes), f"{name} row {row}: sources and quotes do not pair up"
    for s, q in zip(sources, quotes):
        assert q.strip(), f"{name} row {row}: empty quote for {s}"
        if s.startswith("seeds/"):
            seed = REPO / s
            assert seed.exists(), f"{name} row {row}: no seed {s}"
            assert _norm(q) in _norm(seed.read_text(encoding="utf-8")), (
                f"{name} row {row}: quote not verbatim in {s}"
            )
        else:
            assert re.match(r"^https?://[^\s/]+\.[^\s]+$", s), f"{name} row {row}: {s!r}"


def test_the_library_reads_what_the_files_hold():
    data = bundled_freight()
    assert len(data.crossings) == sum(n == "crossing_capacity.csv" for n, _, _ in ROWS)
    assert len(data.defaults) == sum(n == "freight_defaults.csv" for n, _, _ in ROWS)
    assert len(data.fuel) == sum(n == "fuel_prices.csv" for n, _, _ in ROWS)
    assumptions = sum(r["note"].startswith("ASSUMPTION:") for _, _, r in ROWS)
    labelled = sum(x.provenance.assumption for x in (*data.crossings, *data.fuel))
    labelled += sum(x.provenance.assumption for x in data.defaults.values())
    assert labelled == assumptions > 20


def test_every_road_class_has_a_truck_speed_and_a_capacity_in_the_data():
    """Road-built networks have the class 'unclassified' (no class in their source): its speed
    and capacity are rows of freight_defaults.csv, labelled ASSUMPTION."""
    data = bundled_freight()
    for cls in ROAD_CLASSES:
        assert data.number("speed_kmh", cls) > 0 and data.number("trucks_per_day", cls) > 0
    for key in ("speed_kmh", "trucks_per_day"):
        row = data.default(key, "unclassified")
        assert row.provenance.assumption and row.provenance.confidence == "low"
    assert corridor.TravelModel().speed("unclassified", "paved") == data.number(
        "speed_kmh", "unclassified"
    )


def _copy(tmp_path: Path, name: str) -> Path:
    folder = tmp_path / "freight"
    folder.mkdir(exist_ok=True)
    shutil.copy(DATA / name, folder / name)
    return folder / name


def _edit(path: Path, row: int, column: str, value: str) -> None:
    with open(path, encoding="utf-8", newline="") as f:
        reader = csv.DictReader(f)
        fields, rows = reader.fieldnames, list(reader)
    rows[row - 2][column] = value
    with open(path, "w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=fields)
        writer.writeheader()
        writer.writerows(rows)


@pytest.mark.parametrize(
    "name, row, column, value, message",
    [
        ("crossing_capacity.csv", 2, "trucks_per_day", "many", "row 2, column trucks_per_day"),
        ("crossing_capacity.csv", 3, "valid_from", "2021-13-01", "row 3, column valid_from"),
        ("crossing_capacity.csv", 2, "valid_to", "2019-01-01", "is not after valid_from"),
        ("crossing_capacity.csv", 2, "transshipment", "yes", "column transshipment"),
        ("crossing_capacity.csv", 2, "confidence", "sure", "row 2, column confidence"),
        ("crossing_capacity.csv", 2, "quote", "one quote only", "3 source(s) but 1 quote(s)"),
        ("freight_defaults.csv", 2, "value", "-80", "row 2, column value"),
        ("freight_defaults.csv", 3, "note", "no label", "row 3, column source: no source"),
        ("freight_defaults.csv", 9, "source", "ec.europa.eu", "is neither an http(s) URL"),
        ("freight_defaults.csv", 3, "applies_to", "motorway", "a second row for key"),
        ("fuel_prices.csv", 2, "country", "Iran", "row 2, column country"),
        ("fuel_prices.csv", 3, "usd_per_litre", "0", "must be a finite number > 0"),
    ],
)
def test_a_bad_cell_is_named_by_file_row_and_column(tmp_path, name, row, column, value, message):
    path = _copy(tmp_path, name)
    _edit(path, row, column, value)
    with pytest.raises(DataError) as err:
        load_freight(path.parent)
    assert str(path) in str(err.value) and message in str(err.value)


def test_overlapping_periods_and_missing_keys_and_columns(tmp_path):
    path = _copy(tmp_path, "crossing_capacity.csv")
    _edit(
        path, 5, "valid_from", "2020-01-01"
    )  # Mehran 2020-01-01.. overlaps 2019-03-21..2020-01-21
    with pytest.raises(DataError, match=r"rows \d+ and \d+: the periods of 'mehran-zurbatiyah'"):
        read_crossing_capacity(path)
    path = _copy(tmp_path, "freight_defaults.csv")
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    path.write_text("".join(x for x in lines if not x.startswith("rest_h_per_day")), "utf-8")
    with pytest.raises(DataError, match="key 'rest_h_per_day' needs applies_to truck"):
        read_freight_defaults(path)
    path = _copy(tmp_path, "fuel_prices.csv")
    text = path.read_text(encoding="utf-8").replace("usd_per_litre", "price", 1)
    path.write_text(text, encoding="utf-8")
    with pytest.raises(DataError, match="missing column.*usd_per_litre"):
        read_fuel_prices(path)
    with pytest.raises(DataError, match="file not found"):
        read_fuel_prices(tmp_path / "nope.csv")


def test_another_folder_overrides_the_bundled_tables(tmp_path):
    path = _copy(tmp_path, "freight_defaults.csv")
    _edit(path, 2, "value", "95")  # motorway
    data = load_freight(path.parent)
    assert data.number("speed_kmh", "motorway") == 95.0
    assert data.fuel == bundled_freight().fuel  # the other files come from the bundle
    model = corridor.TravelModel.from_data(data)
    assert model.speed("motorway", "paved") == 95.0
    assert any("speed_kmh[motorway] = 95: given" in a for a in model.assumptions())


def test_rows_the_models_do_not_look_up_still_build_them_from_data(tmp_path):
    """A folder's extra rows (a fee for SYR, a speed for a class no network has) are data that
    load_freight accepts: the models build from it, while a misspelt name a user gives is
    refused."""
    path = _copy(tmp_path, "freight_defaults.csv")
    with open(path, "a", encoding="utf-8", newline="") as f:
        f.write('border_fee_usd_per_truck,50,USD/truck,SYR,low,,,"ASSUMPTION: a test row"\n')
        f.write('speed_kmh,100,km/h,trunk,low,,,"ASSUMPTION: a test row"\n')
    data = load_freight(path.parent)
    assert dict(corridor.FreightModel.from_data(data).border_fee_usd_per_truck)["SYR"] == 50
    assert dict(corridor.TravelModel.from_data(data).speed_kmh)["trunk"] == 100
    with pytest.raises(corridor.UnknownNameError, match="did you mean 'motorway'"):
        corridor.TravelModel.from_data(data, speed_kmh={"motrway": 90})
    with pytest.raises(corridor.UnknownNameError, match="did you mean 'motorway'"):
        corridor.TravelModel(speed_kmh={"motrway": 90})  # outside from_data: checked again
