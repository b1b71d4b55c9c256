"""Small charts drawn as inline SVG: no script, no image request, readable by screen readers
(a title and a text summary), scaled by the browser to the column it sits in. Pure functions."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from html import escape

from markupsafe import Markup

from dossiers.core.text import pluralize

# Long histories keep their most recent stretch: a column narrower than a pixel says nothing.
MAX_MONTHS = 36
WIDTH, HEIGHT, GAP = 300, 64, 1


def month_bars(counts: Sequence[tuple[dt.date, int]], *, label: str) -> Markup:
    """A bar per month (newest on the right) with the first and last month named below."""
    counts = list(counts)[-MAX_MONTHS:]
    if not counts:
        return Markup("")
    peak = max(n for _, n in counts) or 1
    width = WIDTH / len(counts)
    bars = []
    for i, (month, n) in enumerate(counts):
        height = round(HEIGHT * n / peak, 1) if n else 0
        title = f"{month:%B %Y}: {pluralize(n, 'analysis', 'analyses')}"
        bars.append(
            f'<rect x="{i * width:.1f}" y="{HEIGHT - height:.1f}" width="{max(width - GAP, 1):.1f}"'
            f' height="{height:.1f}"><title>{escape(title)}</title></rect>'
        )
    first, last = counts[0][0], counts[-1][0]
    total = sum(n for _, n in counts)
    summary = (
        f"{pluralize(total, 'analysis', 'analyses')} from {first:%B %Y} to {last:%B %Y}; "
        f"the busiest month had {peak}."
    )
    svg = (
        f'<svg class="month-bars" viewBox="0 0 {WIDTH} {HEIGHT}" preserveAspectRatio="none"'
        f' role="img" aria-label="{escape(label)}: {escape(summary)}">'
        f"{''.join(bars)}</svg>"
    )
    axis = f'<p class="month-bars-axis"><span>{first:%b %Y}</span><span>{last:%b %Y}</span></p>'
    return Markup(f"{svg}{axis}")  # noqa: S704 (every text in it went through escape())
