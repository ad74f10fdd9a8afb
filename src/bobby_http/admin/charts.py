"""Line charts as inline SVG, drawn on the server: no script, no build step, no CDN."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from html import escape

WIDTH, HEIGHT, PAD = 720, 280, 44
COLOURS = ("#2b6cb0", "#c05621", "#2f855a", "#6b46c1", "#b83280", "#2c7a7b", "#975a16")


def line_chart(series: Mapping[str, Sequence[tuple[date, float]]], *, y_max: float,
               label: str) -> str:
    """One line per series over the days any series has, `0..y_max` upwards; empty: a note."""
    days = sorted({d for points in series.values() for d, _ in points})
    if not days:
        return f'<p class="empty">No {escape(label)} yet.</p>'
    span = max(1, len(days) - 1)
    x_of = {d: PAD + (WIDTH - 2 * PAD) * i / span for i, d in enumerate(days)}

    def y(value: float) -> float:
        return HEIGHT - PAD - (HEIGHT - 2 * PAD) * min(value, y_max) / y_max

    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" '
             f'width="{WIDTH}" height="{HEIGHT}" role="img" aria-label="{escape(label)}">',
             f"<title>{escape(label)}</title>",
             f'<rect width="{WIDTH}" height="{HEIGHT}" fill="#fff"/>']
    for tick in range(int(y_max) + 1):
        if tick % max(1, int(y_max) // 5) == 0:
            parts.append(f'<line x1="{PAD}" x2="{WIDTH - PAD}" y1="{y(tick):.1f}" '
                         f'y2="{y(tick):.1f}" stroke="#e2e8f0"/>'
                         f'<text x="{PAD - 8}" y="{y(tick) + 4:.1f}" font-size="11" '
                         f'text-anchor="end" fill="#4a5568">{tick}</text>')
    for d in (days[0], days[-1]):
        parts.append(f'<text x="{x_of[d]:.1f}" y="{HEIGHT - PAD + 18}" font-size="11" '
                     f'text-anchor="middle" fill="#4a5568">{d.isoformat()}</text>')
    for n, (name, points) in enumerate(sorted(series.items())):
        colour = COLOURS[n % len(COLOURS)]
        path = " ".join(f"{x_of[d]:.1f},{y(v):.1f}" for d, v in sorted(points))
        parts.append(f'<polyline fill="none" stroke="{colour}" stroke-width="2.5" '
                     f'points="{path}"/>')
        parts += [f'<circle cx="{x_of[d]:.1f}" cy="{y(v):.1f}" r="3.5" fill="{colour}">'
                  f"<title>{escape(name)} {d.isoformat()}: {v}</title></circle>"
                  for d, v in points]
        parts.append(f'<text x="{PAD + 8 + 130 * n}" y="18" font-size="12" fill="{colour}">'
                     f"■ {escape(name)}</text>")
    parts.append("</svg>")
    return "".join(parts)
