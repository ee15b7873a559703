"""Leaflet controls for the interactive maps: the title box, the legend (zones by kind,
crossings by status, routes, events) and the slider over scenarios or dates. Plain inline
JavaScript on Leaflet's API; nothing is loaded from the network."""

from __future__ import annotations

import html
import json

import shapely
from folium.template import Template  # noqa: E402  (after the check that folium is there)

from ..network import Network
from .base import (
    BLOCKED_COLOR,
    CONTESTED_COLOR,
    CROSSING_STYLE,
    EVENT_COLOR,
    ROUTE_COLORS,
    ZONE_STYLE,
    projected_frames,
)
from .layers import zone_entries
from .legend import HELD_TITLE, OTHER_TITLE
from .offline import folium

__all__ = ["CREDIT", "Control", "credit_html", "legend_html", "slider_element", "title_html"]

_CONTROL = """
{% macro script(this, kwargs) %}
var {{ this.get_name() }} = L.control({position: {{ this.position|tojson }}});
{{ this.get_name() }}.onAdd = function (map) {
    var div = L.DomUtil.create("div", "corridor-box " + {{ this.css_class|tojson }});
    div.innerHTML = {{ this.content|tojson }};
    L.DomEvent.disableClickPropagation(div);
    L.DomEvent.disableScrollPropagation(div);
    return div;
};
{{ this.get_name() }}.addTo({{ this._parent.get_name() }});
{{ this.script|safe }}
{% endmacro %}
"""


class Control(folium.MacroElement):
    """A Leaflet control holding static HTML (``content``), with optional extra script."""

    _template = Template(_CONTROL)

    def __init__(
        self, content: str, *, position: str = "topright", css_class: str = "", script: str = ""
    ) -> None:
        super().__init__()
        self._name = "CorridorControl"
        self.content = content
        self.position = position
        self.css_class = css_class
        self.script = script


def title_html(name: str, what: str, lines: list[str]) -> Control:
    """The title box: scenario, mover and date, and the routes (or "no viable route")."""
    body = "".join(f"<div>{html.escape(t)}</div>" for t in lines)
    content = (
        f"<h4>{html.escape(name)}</h4><div style='color:#444'>{html.escape(what)}</div>{body}"
        "<div style='color:#777;font-size:10px;margin-top:3px'>Click a feature for its "
        "figures and source.</div>"
    )
    return Control(content, position="topleft", css_class="corridor-title")


CREDIT = (
    "Basemap: Natural Earth (public domain). Roads: © OpenStreetMap contributors (ODbL) and "
    "GeoNames (CC BY 4.0). Zones, crossing status, events: corridor data, sourced per feature."
)


def credit_html() -> Control:
    """The data credits every interactive map carries (bottom right)."""
    return Control(html.escape(CREDIT), position="bottomright", css_class="corridor-credit")


def _swatch(color: str, kind: str) -> str:
    st = ZONE_STYLE.get(kind)
    alpha = st.alpha * 1.3 if st else 0.15
    dash = {"insurgency": "dashed", "deconfliction": "dashed", "air-interdiction": "dotted"}
    rgba = _rgba(color, alpha)
    return (
        f"<i style='background:{rgba};border-color:{color};"
        f"border-style:{dash.get(kind, 'solid')}'></i>"
    )


def _rgba(color: str, alpha: float) -> str:
    from matplotlib.colors import to_rgb

    r, g, b = (int(255 * c) for c in to_rgb(color))
    return f"rgba({r},{g},{b},{alpha:.2f})"


def legend_html(network: Network, resolutions: list, *, routes_shown: bool) -> Control:
    """The legend: zones held apart from insurgency, presence and other zones (over all the
    given resolutions), then crossings by status, roads, routes and events. Marks the page
    ready for tests (``data-corridor-ready`` on the body) once the map is drawn."""
    nodes, _, zones = projected_frames(network)
    view = shapely.box(*nodes.total_bounds).buffer(2e5)
    held: dict[str, str] = {}
    other: dict[str, str] = {}
    for res in resolutions:
        for e in zone_entries(network, res, zones, view):
            (held if e.held else other).setdefault(e.text, _swatch(e.color, e.kind))
    parts = [f"<div class='t'>{HELD_TITLE}</div>"]
    parts += [f"<div>{sw}{html.escape(t)}</div>" for t, sw in held.items()]
    parts += [f"<div class='t'>{OTHER_TITLE}</div>"]
    parts += [f"<div>{sw}{html.escape(t)}</div>" for t, sw in other.items()]
    parts.append("<div class='t'>crossings, roads, routes</div>")
    for key, text in (
        ("open", "crossing open"),
        ("informal", "informal bypass crossing (open)"),
        ("reconstruction", "under reconstruction"),
        ("closed", "closed"),
        ("unknown", "status unknown (treated as closed unless assumed open)"),
    ):
        symbol = {
            "open": "●",
            "informal": "▲",
            "reconstruction": "◆",
            "closed": "✖",
            "unknown": "?",
        }[key]
        parts.append(
            f"<div><span class='sym corridor-crossing' style='display:inline-block;"
            f"background:{CROSSING_STYLE[key]['color']}'>{symbol}</span>{text}</div>"
        )
    parts += [
        f"<div><i style='background:{BLOCKED_COLOR};border-color:{BLOCKED_COLOR};height:3px'>"
        "</i>road blocked for the mover</div>",
        f"<div><i style='background:{CONTESTED_COLOR};border-color:{CONTESTED_COLOR};"
        "height:3px'></i>road contested (slower, exposed); dashed on a route</div>",
    ]
    if routes_shown:
        parts += [
            f"<div><i style='background:{c};border-color:{c};height:4px'></i>route {i + 1}</div>"
            for i, c in enumerate(ROUTE_COLORS[:3])
        ]
    parts.append(
        f"<div><span class='sym' style='color:{EVENT_COLOR}'>⬤</span>strike / attack that "
        "counts for the mover</div>"
    )
    content = "<details open><summary><b>Legend</b></summary>" + "".join(parts) + "</details>"
    ready = "document.body.setAttribute('data-corridor-ready', '1');"
    return Control(content, position="bottomright", css_class="corridor-legend", script=ready)


_SLIDER_JS = r"""
(function () {
  var map = %(map)s;
  var steps = [%(groups)s];
  var info = %(info)s;
  var box = document.getElementById("%(id)s");
  var input = box.querySelector("input");
  function show(i) {
    steps.forEach(function (g, j) {
      if (j === i) { if (!map.hasLayer(g)) { map.addLayer(g); } }
      else if (map.hasLayer(g)) { map.removeLayer(g); }
    });
    box.querySelector(".corridor-step").textContent = info[i].label;
    box.querySelector(".corridor-verdict").textContent = info[i].verdict;
    box.setAttribute("data-step", String(i));
  }
  input.addEventListener("input", function () { show(parseInt(input.value, 10)); });
  var m = /step=(\d+)/.exec(window.location.hash || "");
  var first = m ? Math.min(parseInt(m[1], 10), steps.length - 1) : %(start)d;
  input.value = String(first);
  show(first);
})();
"""


def slider_element(m, steps: list[dict], title: str, *, start: int = 0) -> Control:
    """The slider control over ``steps`` (dicts: group = a FeatureGroup's JS name, label,
    verdict): moving it shows that step's group alone, with its label and verdict. The page
    opens at step ``start``, or at N when its URL ends in ``#step=N``."""
    ident = f"corridor-slider-{m.get_name()}"
    ticks = "".join(f"<option value='{i}'></option>" for i in range(len(steps)))
    content = (
        f"<div id='{ident}' class='corridor-slider'><h4>{html.escape(title)}</h4>"
        f"<input type='range' min='0' max='{len(steps) - 1}' step='1' value='{start}' "
        f"list='{ident}-ticks' style='width:340px'><datalist id='{ident}-ticks'>{ticks}"
        "</datalist><div class='corridor-step' style='font-weight:600'></div>"
        "<div class='corridor-verdict'></div></div>"
    )
    script = _SLIDER_JS % {
        "map": m.get_name(),
        "groups": ", ".join(s["group"] for s in steps),
        "info": json.dumps(
            [{"label": s["label"], "verdict": s["verdict"]} for s in steps], ensure_ascii=False
        ).replace("</", "<\\/"),
        "id": ident,
        "start": start,
    }
    return Control(content, position="bottomleft", css_class="corridor-timeline", script=script)
