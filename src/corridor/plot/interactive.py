"""Interactive maps (Leaflet through folium) that open offline: :func:`explore` for one
scenario, :func:`explore_timeline` for several with a slider over them, :func:`save_html`.

The page is self-contained (:mod:`corridor.plot.offline`): Leaflet is inlined and the basemap
is drawn from the bundled Natural Earth layers (countries, coastline, borders, rivers), so
nothing is fetched; online tiles are added only when asked for (``tiles=``). Geometry is
EPSG:4326; shapes are simplified for display by 300 m in the map projection (a Lambert
conformal conic in metres), never in degrees.
"""

from __future__ import annotations

import html
import re
from pathlib import Path
from typing import Any

import geopandas as gpd
import numpy as np
import shapely

from .._checks import check_count, check_flag
from .._schema import BLOCKED, PENALISED
from ..errors import CorridorError
from ..network import Network
from ..resolution import resolve
from ..routing import Route, viable_routes
from ..whatif import Scenario, as_scenario
from .base import (
    BLOCKED_COLOR,
    CONTESTED_COLOR,
    CROSSING_STYLE,
    EVENT_COLOR,
    MAP_CRS,
    ROUTE_COLORS,
    ZONE_STYLE,
    actor_style,
    actor_styles,
    check_routes,
    country_label_candidates,
    map_extent,
    mover_label,
    projected_frames,
    reference_layers,
)
from .offline import Figure, OfflineMap, folium, save_html
from .panels import delta_text, scenario_list
from .points import crossing_marks, short_name, status_suffix
from .webparts import credit_html, legend_html, slider_element, title_html

__all__ = ["explore", "explore_timeline", "save_html", "SIMPLIFY_M"]

SIMPLIFY_M = 300.0  # display simplification of shapes, metres (map projection)
_PANES = (
    ("corridor-base", 250),
    ("corridor-zones", 350),
    ("corridor-roads", 420),
    ("corridor-routes", 450),
)


def _geojson(geoms, props: list[dict]) -> dict:
    """A FeatureCollection from map-CRS geometries (simplified, then EPSG:4326)."""
    series = gpd.GeoSeries(np.asarray(geoms, dtype=object), crs=MAP_CRS)
    series = series.simplify(SIMPLIFY_M).to_crs("EPSG:4326")
    feats = []
    for g, p in zip(series, props):
        if g is None or g.is_empty:
            continue
        g = shapely.set_precision(g, 1e-5)
        feats.append({"type": "Feature", "properties": p, "geometry": shapely.geometry.mapping(g)})
    return {"type": "FeatureCollection", "features": feats}


def _table(rows: list[tuple[str, Any]]) -> str:
    cells = "".join(
        f"<tr><th>{html.escape(str(k))}</th><td>{html.escape(str(v))}</td></tr>" for k, v in rows
    )
    return f"<table class='corridor-popup'>{cells}</table>"


def _link(source: str | None) -> str:
    return str(source or "")


# ----------------------------------------------------------------------------- base map


def _base(m, tiles: str | None) -> None:
    ref = reference_layers()
    opacity = 0.35 if tiles else 1.0  # let online tiles show through
    group = folium.FeatureGroup(name="basemap (Natural Earth)", control=True)
    countries = ref["countries"]
    focus = (
        countries["focus"].astype(bool).tolist()
        if "focus" in countries
        else [True] * len(countries)
    )
    data = _geojson(
        countries.geometry.values,
        [{"name": n, "focus": f} for n, f in zip(countries["name"], focus)],
    )
    folium.GeoJson(
        data,
        name="countries",
        pane="corridor-base",
        style_function=lambda f: {
            "fillColor": "#f6f3ec" if f["properties"]["focus"] else "#ebe7df",
            "fillOpacity": opacity,
            "color": "#bdb6a6",
            "weight": 0.3,
        },
        tooltip=folium.GeoJsonTooltip(["name"], labels=False),
    ).add_to(group)
    for layer, style in (
        ("coastline", {"color": "#7d9bb3", "weight": 0.8}),
        ("rivers", {"color": "#7fa9cc", "weight": 1.2}),
        ("borders", {"color": "#7a7a7a", "weight": 1.0, "dashArray": "6 3 2 3"}),
    ):
        geoms = ref[layer].geometry.values
        folium.GeoJson(
            _geojson(geoms, [{} for _ in geoms]),
            pane="corridor-base",
            style_function=lambda f, s=style: s,
            interactive=False,
        ).add_to(group)
    x0, y0, x1, y1 = countries.total_bounds
    for name, points in country_label_candidates((x0, x1, y0, y1), min_share=0.004):
        lon, lat = _lonlat(points[0])
        folium.Marker(
            (lat, lon),
            icon=folium.DivIcon(
                html=f"<div class='corridor-country'>{html.escape(name.upper())}</div>",
                icon_size=(120, 14),
                icon_anchor=(60, 7),
                class_name="corridor-icon",
            ),
            interactive=False,
        ).add_to(group)
    group.add_to(m)


def _lonlat(xy) -> tuple[float, float]:
    p = gpd.GeoSeries([shapely.Point(*xy)], crs=MAP_CRS).to_crs("EPSG:4326").iloc[0]
    return float(p.x), float(p.y)


# ----------------------------------------------------------------------------- layers


def _zones_layer(network: Network, res, name: str, show: bool = True):
    _, _, zones = projected_frames(network)
    group = folium.FeatureGroup(name=name, show=show)
    if zones is None or not len(zones):
        return group
    styles = actor_styles(network)
    n = len(zones)
    active = np.flatnonzero(np.asarray(res.active_zones[:n], dtype=bool))
    order = sorted(
        active,
        key=lambda i: (
            ZONE_STYLE[zones["kind"].iloc[i]].order if zones["kind"].iloc[i] in ZONE_STYLE else 9
        ),
    )
    props = []
    for i in order:
        z = zones.iloc[i]
        holder = str(res.zone_actor[i])
        st = actor_style(styles, holder)
        kind = str(z["kind"])
        props.append(
            {
                "zone": str(z.get("name") or z["id"]),
                "held by": st.label,
                "kind": kind + (" (territory held)" if kind == "control" else ""),
                "stance of the mover": str(res.zone_stance[i]),
                "valid": f"{z['valid_from']} to {z['valid_to'] or 'open-ended'}",
                "confidence": str(z["confidence"]),
                "source": _link(z["source"]),
                "_color": st.color,
                "_kind": kind,
            }
        )
    if not props:
        return group

    def style(f):
        p = f["properties"]
        zs = ZONE_STYLE.get(p["_kind"])
        dash = {"insurgency": "6 4", "deconfliction": "4 3", "air-interdiction": "1 4"}
        return {
            "fillColor": p["_color"],
            "color": p["_color"],
            "weight": 1.6 if p["_kind"] == "air-interdiction" else 1.0,
            "fillOpacity": (zs.alpha * 1.3) if zs else 0.15,
            "dashArray": dash.get(p["_kind"]),
            "opacity": 0.8,
        }

    fields = ["zone", "held by", "kind", "stance of the mover", "valid", "confidence", "source"]
    folium.GeoJson(
        _geojson(zones.geometry.values[order], props),
        pane="corridor-zones",
        style_function=style,
        popup=folium.GeoJsonPopup(fields),
        tooltip=folium.GeoJsonTooltip(["held by", "kind"]),
        class_name="corridor-zone",
    ).add_to(group)
    return group


def _roads_layer(network: Network, res, name: str, show: bool = True):
    _, edges, _ = projected_frames(network)
    group = folium.FeatureGroup(name=name, show=show)
    state = np.asarray(res.state)
    names = {0: "open", PENALISED: "contested (slower, exposed)", BLOCKED: "blocked"}
    props = [
        {
            "road": str(r.road or r.id),
            "class": f"{r.road_class}, {r.surface}",
            "km": f"{r.length_km:,.1f}",
            "state": names.get(int(state[i]), "open"),
            "why": "; ".join(res.edge_reasons(i)) or "-",
            "_s": int(state[i]),
            "_dirt": r.surface == "dirt",
        }
        for i, r in enumerate(edges.itertuples())
    ]

    def style(f):
        p = f["properties"]
        color = {PENALISED: CONTESTED_COLOR, BLOCKED: BLOCKED_COLOR}.get(p["_s"], "#5b5b5b")
        dash = "2 4" if p["_s"] == BLOCKED else ("5 3" if p["_dirt"] else None)
        return {"color": color, "weight": 2.4 if p["_s"] else 1.5, "dashArray": dash}

    folium.GeoJson(
        _geojson(edges.geometry.values, props),
        pane="corridor-roads",
        style_function=style,
        tooltip=folium.GeoJsonTooltip(["road", "state"]),
        popup=folium.GeoJsonPopup(["road", "class", "km", "state", "why"]),
        class_name="corridor-road",
    ).add_to(group)
    return group


_SYMBOL = {"open": "●", "informal": "▲", "reconstruction": "◆", "closed": "✖", "unknown": "?"}


def _crossings_layer(network: Network, res, name: str, show: bool = True):
    nodes, _, _ = projected_frames(network)
    group = folium.FeatureGroup(name=name, show=show)
    policy = getattr(res.scenario, "unknown_crossings", "closed")
    for m in crossing_marks(nodes, res):
        lon, lat = _lonlat((m.x, m.y))
        st = CROSSING_STYLE[m.style]
        source = res.crossing_status.get(m.ident, (m.status, None))[1]
        popup = _table(
            [
                ("crossing", m.name),
                ("status", m.status + status_suffix(m.status, policy)),
                ("source", _link(source)),
            ]
        )
        folium.Marker(
            (lat, lon),
            icon=folium.DivIcon(
                html=(
                    f"<div class='corridor-crossing corridor-{m.style}' "
                    f"style='background:{st['color']}'>{_SYMBOL[m.style]}</div>"
                ),
                icon_size=(16, 16),
                icon_anchor=(8, 8),
                class_name="corridor-icon",
            ),
            tooltip=short_name(m.name) + status_suffix(m.status, policy),
            popup=folium.Popup(popup, max_width=420),
        ).add_to(group)
    return group


def _events_layer(network: Network, res, name: str, show: bool = True):
    group = folium.FeatureGroup(name=name, show=show)
    events = network.control.events
    weight = np.asarray(res.events.weight)
    if events is None or not len(weight):
        return group
    for i in np.flatnonzero(weight > 0):
        e = events.iloc[i]
        popup = _table(
            [
                ("event", e["id"]),
                ("date", e["date"]),
                ("kind", e["kind"]),
                ("by", e.get("attributed") or e["actor"]),
                ("target", e["target"]),
                ("weight on this date", f"{weight[i]:.2f}"),
                ("source", _link(e["source"])),
            ]
        )
        folium.CircleMarker(
            (e.geometry.y, e.geometry.x),
            radius=3 + 4 * float(weight[i]),
            color="white",
            weight=1,
            fill=True,
            fill_color=EVENT_COLOR,
            fill_opacity=0.9,
            tooltip=f"{e['date']}: {e['kind']} ({e['place']})",
            popup=folium.Popup(popup, max_width=420),
        ).add_to(group)
    return group


def _route_popup(i: int, r: Route, best: Route | None = None) -> str:
    rows = [
        ("route", f"{i + 1} (by {r.weight})"),
        ("via", r.via),
        ("length", f"{r.length_km:,.0f} km"),
        ("time", f"{r.hours:.1f} h"),
        ("contested", f"{r.contested_km:,.0f} km"),
        ("risk", f"{r.risk:,.0f} (event part {r.event_exposure:,.0f})"),
        ("countries", "-".join(r.countries)),
        (
            "km by actor",
            ", ".join(
                f"{a} {km:,.0f}" for a, km in sorted(r.km_by_actor.items(), key=lambda x: -x[1])
            ),
        ),
        ("events on its roads", len(r.events)),
    ]
    if best is not None and i:
        rows.append(("against route 1", delta_text(r, best)))
    return _table(rows)


def _routes_layer(network: Network, res, routes: list[Route], name: str, show: bool = True):
    group = folium.FeatureGroup(name=name, show=show)
    for i in reversed(range(len(routes))):
        r = routes[i]
        color = ROUTE_COLORS[i % len(ROUTE_COLORS)]
        line = folium.GeoJson(
            {"type": "Feature", "properties": {}, "geometry": shapely.geometry.mapping(r.geometry)},
            pane="corridor-routes",
            style_function=lambda f, c=color, w=5 + 4 * i: {
                "color": c,
                "weight": w,
                "opacity": 0.92,
            },
            tooltip=f"route {i + 1}: {r.length_km:,.0f} km, {r.hours:.1f} h",
            class_name=f"corridor-route corridor-route-{i + 1}",
        )
        folium.Popup(_route_popup(i, r, routes[0]), max_width=480).add_to(line)
        line.add_to(group)
    contested = (
        [
            res.index.geometry[e]
            for e in np.unique(np.concatenate([r.edge_index for r in routes]))
            if res.state[e] == PENALISED
        ]
        if routes
        else []
    )
    if contested:
        folium.GeoJson(
            {
                "type": "Feature",
                "properties": {},
                "geometry": shapely.geometry.mapping(
                    shapely.MultiLineString([g for c in contested for g in shapely.get_parts(c)])
                ),
            },
            pane="corridor-routes",
            style_function=lambda f: {"color": CONTESTED_COLOR, "weight": 2.2, "dashArray": "6 5"},
            tooltip="route stretch in a contested zone",
            class_name="corridor-route-contested",
        ).add_to(group)
    return group


def _places_layer(network: Network, routes: list[Route], ends):
    nodes, _, _ = projected_frames(network)
    group = folium.FeatureGroup(name="places", show=True)
    places = nodes[nodes["kind"].isin(["city", "town"])].to_crs("EPSG:4326")
    for ident, row in places.iterrows():
        city = row["kind"] == "city"
        folium.CircleMarker(
            (row.geometry.y, row.geometry.x),
            radius=3.5 if city else 2.2,
            color="white",
            weight=1 if city else 0,
            fill=True,
            fill_color="#111111" if city else "#444444",
            fill_opacity=1,
            tooltip=folium.Tooltip(
                row["name"],
                permanent=bool(city or ident in ends),
                direction="right",
                class_name="corridor-label",
            ),
        ).add_to(group)
    return group


# ----------------------------------------------------------------------------- maps


def _check_map_options(tiles: Any, height: Any) -> None:
    """Refuse what folium cannot use, before any work: tiles None, a name or a URL template
    (or a tile provider object, which folium checks), and a height as folium reads it (a
    number of pixels, or a number and a unit: "100%", "600px", "50vh")."""
    if isinstance(tiles, str) and not tiles.strip():
        raise CorridorError("tiles must be None (offline), a tile set's name or a URL template")
    size = 0.0
    if isinstance(height, (int, float, np.number)) and not isinstance(height, bool):
        size = float(height)
    elif isinstance(height, str):
        match = re.fullmatch(r"(\d+(?:\.\d*)?|\.\d+)\s?(\w{1,5}|%)", height.strip())
        size = float(match.group(1)) if match else 0.0
    if not 0 < size < float("inf"):
        raise CorridorError(
            f"height must be pixels (a number > 0) or a number and a CSS unit such as '100%' "
            f"or '600px', got {height!r}"
        )


def _new_map(network: Network, routes, tiles: str | None, height) -> OfflineMap:
    nodes, _, _ = projected_frames(network)
    x0, x1, y0, y1 = map_extent(nodes, routes, pad=0.02)
    sw = _lonlat((x0, y0))
    ne = _lonlat((x1, y1))
    m = OfflineMap(
        location=((sw[1] + ne[1]) / 2, (sw[0] + ne[0]) / 2),
        zoom_start=6,
        tiles=None,
        control_scale=True,
        height=height,
        prefer_canvas=False,
        zoom_snap=0.25,
    )
    m.online_tiles = bool(tiles)
    for pane, z in _PANES:
        folium.map.CustomPane(pane, z_index=z, pointer_events=True).add_to(m)
    if tiles:
        try:
            layer = folium.TileLayer(tiles, name=f"online tiles ({tiles})", control=True)
        except (ValueError, TypeError) as exc:
            raise CorridorError(
                f"tiles {tiles!r}: not a tile set folium knows ({exc}); give a name such as "
                "'OpenStreetMap' or 'CartoDB positron', a URL template, or None (offline)"
            ) from None
        layer.add_to(m)
    root = m.get_root()
    assert isinstance(root, Figure)
    root.header.add_child(folium.Element(_CSS), name="corridor_css")
    _base(m, tiles)
    credit_html().add_to(m)
    m.fit_bounds([(sw[1], sw[0]), (ne[1], ne[0])])
    return m


_CSS = """<style>
.folium-map.leaflet-container { background: #dce8f0; font: 12px/1.4 system-ui, sans-serif; }
.corridor-country { font: bold 11px system-ui, sans-serif; color: #8a8478; letter-spacing: 1px;
  text-align: center; text-shadow: 0 0 3px #fff, 0 0 3px #fff; white-space: nowrap; }
.corridor-crossing { width: 14px; height: 14px; border-radius: 7px; border: 1px solid #fff;
  color: #fff; font: bold 10px/14px system-ui, sans-serif; text-align: center;
  box-shadow: 0 0 2px #333; }
.leaflet-tooltip.corridor-label { background: transparent; border: 0; box-shadow: none; padding: 0 2px;
  font-weight: 600; text-shadow: 0 0 3px #fff, 0 0 3px #fff, 0 0 3px #fff; }
.leaflet-tooltip.corridor-label::before { display: none; }
table.corridor-popup th { text-align: left; padding-right: 8px; vertical-align: top; }
table.corridor-popup td { max-width: 320px; overflow-wrap: anywhere; }
.corridor-icon { background: none; border: 0; }
.corridor-box { background: rgba(255,255,255,0.93); padding: 6px 9px; border-radius: 4px;
  box-shadow: 0 1px 4px rgba(0,0,0,0.35); max-width: 330px; }
.corridor-box h4 { margin: 0 0 3px 0; font-size: 13px; }
.corridor-legend i { display: inline-block; width: 18px; height: 10px; margin-right: 5px;
  vertical-align: middle; border: 1px solid; }
.corridor-legend .sym { display: inline-block; width: 14px; text-align: center; margin-right: 5px; }
.corridor-legend div.t { font-weight: 600; margin-top: 4px; }
.corridor-legend { font-size: 11px; line-height: 1.3; max-height: 46vh; overflow-y: auto; }
.corridor-title { font-size: 11px; }
.corridor-box.corridor-credit { font-size: 10px; color: #555; max-width: 420px; padding: 2px 6px; }
</style>"""


def explore(
    network: Network,
    scenario: Scenario | str | Path,
    routes: list[Route] | None = None,
    *,
    origin: str | None = None,
    destination: str | None = None,
    tiles: str | None = None,
    height: str | int = "100%",
) -> folium.Map:
    """An interactive map of a scenario, with routes: zones, road states, crossings by status,
    the events that count, the routes with their metrics in popups, a legend.

    The map shows in Jupyter (it is a ``folium.Map``) and :func:`save_html` writes it as one
    self-contained HTML file that opens offline: Leaflet is inlined and the basemap comes
    from the bundled Natural Earth layers.

    Parameters
    ----------
    network : Network
    scenario : Scenario, or a built-in scenario name or scenario file
    routes : list of Route, optional
        As returned by :func:`corridor.viable_routes` under ``scenario`` (best first).
    origin, destination : str, optional
        Places to mark when there are no routes.
    tiles : str, optional
        Online tiles under the map (a folium/xyzservices name such as "OpenStreetMap"); the
        only thing the page then fetches. Default: none, the page works offline.
    height : str or int
        Map height (CSS, e.g. "100%" or 600 pixels).

    Returns
    -------
    folium.Map
        An :class:`corridor.plot.offline.OfflineMap`.
    """
    _check_map_options(tiles, height)
    scenario = as_scenario(scenario)
    routes = check_routes(network, scenario, routes, "map")
    res = resolve(network, scenario)
    o = routes[0].nodes[0] if routes else (network.node_id(origin) if origin else None)
    d = routes[0].nodes[-1] if routes else (network.node_id(destination) if destination else None)
    m = _new_map(network, routes, tiles, height)
    _zones_layer(network, res, "control zones").add_to(m)
    _roads_layer(network, res, "roads (state for the mover)").add_to(m)
    _routes_layer(network, res, routes, "routes").add_to(m)
    _events_layer(network, res, "events that count").add_to(m)
    _crossings_layer(network, res, "crossings").add_to(m)
    _places_layer(network, routes, {o, d}).add_to(m)
    what = f"{mover_label(network, scenario.mover)} · {scenario.date.isoformat()}"
    lines = [
        f"{i + 1}. via {r.via}: {r.length_km:,.0f} km, {r.hours:.1f} h"
        for i, r in enumerate(routes)
    ]
    if not routes and o and d:
        lines = ["no viable route under this scenario (see corridor explain)"]
    title_html(scenario.name, what, lines).add_to(m)
    legend_html(network, [res], routes_shown=bool(routes)).add_to(m)
    folium.LayerControl(collapsed=True).add_to(m)
    return m


def explore_timeline(
    network: Network,
    scenarios_or_dates,
    origin: str,
    destination: str,
    *,
    weight: str = "hours",
    compare: bool = False,
    start: int = 0,
    tiles: str | None = None,
    height: str | int = "100%",
) -> folium.Map:
    """An interactive map with a slider over scenarios or dates: for each, its zones, road
    states, crossings, events and best route (metrics in its popup), and the result.

    Parameters
    ----------
    network : Network
    scenarios_or_dates : iterable of Scenario, scenario names or dates (YYYY-MM-DD)
    origin, destination : str
    weight : {"hours", "km", "risk"}
    compare : bool
        Changes against the first scenario (as :func:`corridor.compare`) instead of against
        the previous one with a route.
    start : int
        The step shown first (0: the first scenario); ``#step=N`` in the page's URL wins.
    tiles : str, optional
        Online tiles (see :func:`explore`); default none (offline).
    height : str or int

    Returns
    -------
    folium.Map
    """
    compare = check_flag(compare, "compare")
    _check_map_options(tiles, height)
    scs = scenario_list(scenarios_or_dates)
    check_count(start, "start", low=0, high=len(scs) - 1)
    best = []
    for sc in scs:
        rs = viable_routes(network, sc, origin, destination, k=1, weight=weight)
        best.append(rs[0] if rs else None)
    o, d = network.node_id(origin), network.node_id(destination)
    m = _new_map(network, [r for r in best if r], tiles, height)
    steps = []
    for i, (sc, r) in enumerate(zip(scs, best)):
        res = resolve(network, sc)
        group = folium.FeatureGroup(name=sc.name, show=(i == start), control=False)
        for layer in (
            _zones_layer(network, res, "zones"),
            _roads_layer(network, res, "roads"),
            _routes_layer(network, res, [r] if r else [], "route"),
            _events_layer(network, res, "events"),
            _crossings_layer(network, res, "crossings"),
        ):
            layer.add_to(group)
        group.add_to(m)
        ref = best[0] if compare else next((b for b in best[:i][::-1] if b), None)
        delta = delta_text(r, ref) if i else ""
        verdict = f"via {r.via}: {r.length_km:,.0f} km, {r.hours:.1f} h" if r else "no viable route"
        steps.append(
            {
                "group": group.get_name(),
                "label": f"{sc.name} ({sc.date.isoformat()})",
                "verdict": verdict
                + (f" ({delta} vs {'first' if compare else 'previous'})" if delta else ""),
            }
        )
    _places_layer(network, [r for r in best if r], {o, d}).add_to(m)
    on, dn = network.graph.nodes[o]["name"], network.graph.nodes[d]["name"]
    slider_element(m, steps, f"{on} → {dn}: best route by {weight}", start=start).add_to(m)
    legend_html(network, [resolve(network, sc) for sc in scs], routes_shown=True).add_to(m)
    return m
