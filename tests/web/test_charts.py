"""The inline SVG month chart (web/charts.py)."""

import datetime as dt

from dossiers.web.charts import MAX_MONTHS, month_bars


def test_bars_scale_to_the_busiest_month_and_name_the_span():
    counts = [(dt.date(2025, 1, 1), 2), (dt.date(2025, 2, 1), 0), (dt.date(2025, 3, 1), 4)]
    svg = str(month_bars(counts, label="Analyses on <Black Sea>"))
    assert svg.count("<rect") == 3
    assert 'height="32.0"' in svg and 'height="64.0"' in svg and 'height="0.0"' in svg
    assert "&lt;Black Sea&gt;" in svg and "<Black Sea>" not in svg
    assert "6 analyses from January 2025 to March 2025; the busiest month had 4." in svg
    assert "<title>February 2025: 0 analyses</title>" in svg


def test_long_histories_keep_their_recent_months_and_nothing_draws_nothing():
    months = [(dt.date(2000 + i // 12, i % 12 + 1, 1), 1) for i in range(60)]
    assert str(month_bars(months, label="x")).count("<rect") == MAX_MONTHS
    assert str(month_bars([], label="x")) == ""
