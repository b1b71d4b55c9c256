"""Helpers for admin pages that write through the services rather than the model forms."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db.models import Model


def formset_rows(formsets: Iterable[Any], model: type[Model]) -> list[dict[str, Any]]:
    """The kept rows of the inline formset for `model`, in the order the editor gave
    (`position`, then the order on the page), as cleaned data.

    The formsets are "saved" without committing, which is what the admin's change message
    reads; the rows themselves are written by the service the caller passes them to.
    """
    rows: list[tuple[int, int, dict[str, Any]]] = []
    for formset in formsets:
        formset.save(commit=False)
        if formset.model is not model:
            continue
        for order, form in enumerate(formset.forms):
            data = getattr(form, "cleaned_data", None)
            if not data or data.get("DELETE"):  # an empty extra form, or a row taken out
                continue
            rows.append((data.get("position") or 0, order, data))
    return [data for _, _, data in sorted(rows, key=lambda row: (row[0], row[1]))]
