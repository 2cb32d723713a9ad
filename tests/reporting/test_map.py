"""The province map: every commune a dot that links to its figures, with an accessible name; the
lagging communes named on the map first, names never overlapping, inside the map, at a phone's
width even with 130 communes; the province outlined around the dots; names escaped."""

import random
import re

from learning.accounts.models import Role
from learning.extensions import db
from learning.reporting.charts import (
    MAX_LABELS,
    WIDTH,
    _overlap,
    convex_hull,
    dot_map,
    label_boxes,
)
from tests.factories import make_commune, make_user, sign_in


def province(count: int, seed: int = 1):
    """Places as the dashboard passes them, crowded like Nghệ An's plain by the sea."""
    rng = random.Random(seed)
    return [(f"{17000 + i}", f"Xã Thử Nghiệm {i}", 18.6 + rng.random() * (0.4 if i % 3 else 1.2),
             104.6 + rng.random() * (0.5 if i % 3 else 1.4), rng.random() * 0.8,
             i % 7 == 0, "12.5%", f"Thử Nghiệm {i}") for i in range(count)]


def box_of(dot):
    return next(box for label, box in label_boxes(dot, dot.label.text) if label == dot.label)


def test_names_on_a_crowded_map_never_overlap_and_stay_inside():
    lagging = ["17005", "17010", "17020", "17033"]
    chart = dot_map(province(130), lagging)
    named = [dot for dot in chart.dots if dot.label is not None]
    assert 6 <= len(named) <= MAX_LABELS
    assert {dot.code for dot in named} >= {"17005"}  # the first lagging commune is named
    boxes = [box_of(dot) for dot in named]
    for i, box in enumerate(boxes):
        assert 0 <= box[0] and box[2] <= WIDTH and 0 <= box[1] and box[3] <= chart.height
        assert not any(_overlap(box, other) for other in boxes[i + 1:])
    assert chart.width == WIDTH == 360  # one unit about a pixel on a phone: 13 px names


def test_the_outline_is_the_hull_around_the_dots():
    assert sorted(convex_hull([(0, 0), (4, 0), (4, 4), (0, 4), (2, 2), (1, 3)])) == [
        (0, 0), (0, 4), (4, 0), (4, 4)]
    chart = dot_map(province(20))
    assert chart.outline.startswith("M") and chart.outline.endswith("Z")
    corners = [tuple(map(float, p.split())) for p in chart.outline[1:-1].split("L")]
    for dot in chart.dots:  # every dot inside the outline (a convex polygon)
        assert all((b[0] - a[0]) * (dot.y - a[1]) - (b[1] - a[1]) * (dot.x - a[0]) >= 0
                   for a, b in zip(corners, corners[1:] + corners[:1], strict=True))


def test_every_dot_is_a_link_with_a_name_and_the_lagging_are_named(client, catalogue):
    make_commune("17611", "Vân Tụ", latitude=18.925, longitude=105.428)
    make_commune("16681", "Thành Vinh", latitude=18.675, longitude=105.66)
    make_commune("17000", '<script>"&Lạ', latitude=19.3, longitude=104.9)
    staff = make_user(Role.PROVINCE_STAFF, commune=make_commune(), locale="en")
    staff.province_code, staff.commune_code = "40", None
    db.session.commit()
    sign_in(client, staff)
    html = client.get("/statistics/provinces/40").get_data(as_text=True)
    svg = html[html.index('<figure class="chart map">'):html.index("</figure>",
                                                                   html.index("chart map"))]
    assert "<script>" not in svg and "&lt;script&gt;&#34;&amp;Lạ" in svg
    for code, name in (("17611", "Xã Vân Tụ"), ("16681", "Xã Thành Vinh"),
                       ("17000", "Xã &lt;script&gt;&#34;&amp;Lạ")):
        assert re.search(rf'<a href="/statistics/communes/{code}" aria-label="{name}: [^"]+">'
                         r'<circle ', svg), code
    texts = re.findall(r"<text [^>]*>([^<]+)</text>", svg)
    assert sorted(texts) == sorted(["Vân Tụ", "Thành Vinh", "&lt;script&gt;&#34;&amp;Lạ"])
    assert 'role="img"' not in svg.split(">", 2)[1]  # the links inside stay reachable
    assert "3 communes are named on the map" in html
