"""What an import did: created / updated / skipped / failed, each with its reason."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

ACTIONS = ("created", "updated", "skipped", "failed")


@dataclass(frozen=True)
class Outcome:
    action: str  # one of ACTIONS
    kind: str  # article, author, hub, entity, comment, page, attachment…
    label: str
    reason: str = ""


@dataclass
class ImportReport:
    dry_run: bool = False
    source_title: str = ""
    source_format: str = ""
    outcomes: list[Outcome] = field(default_factory=list)
    counters: Counter[str] = field(default_factory=Counter)
    warnings: list[str] = field(default_factory=list)
    seconds: float = 0.0

    def add(self, action: str, kind: str, label: str, reason: str = "") -> None:
        self.outcomes.append(Outcome(action, kind, label, reason))

    def count(self, action: str, kind: str | None = None) -> int:
        return sum(
            1 for o in self.outcomes if o.action == action and (kind is None or o.kind == kind)
        )

    def labels(self, action: str, kind: str) -> list[str]:
        return [o.label for o in self.outcomes if o.action == action and o.kind == kind]

    def table(self) -> list[tuple[str, dict[str, int]]]:
        """Rows (kind, {action: count}) in first-seen order."""
        kinds = list(dict.fromkeys(o.kind for o in self.outcomes))
        counts = Counter((o.kind, o.action) for o in self.outcomes)
        return [(kind, {a: counts[(kind, a)] for a in ACTIONS}) for kind in kinds]

    def reasons(self) -> list[tuple[str, str, str, int, list[str]]]:
        """(action, kind, reason, count, up to 3 examples) for every outcome with a reason."""
        grouped: dict[tuple[str, str, str], list[str]] = {}
        for o in self.outcomes:
            if o.reason:
                grouped.setdefault((o.action, o.kind, o.reason), []).append(o.label)
        return [
            (action, kind, reason, len(labels), labels[:3])
            for (action, kind, reason), labels in grouped.items()
        ]

    def as_text(self) -> str:
        verb = "would be " if self.dry_run else ""
        lines = [
            f"Import of {self.source_title or 'the source'}"
            + (f" ({self.source_format})" if self.source_format else "")
            + (" — dry run, nothing was saved" if self.dry_run else "")
        ]
        for kind, counts in self.table():
            parts = [f"{counts[a]} {verb}{a}" for a in ACTIONS if counts[a]]
            lines.append(f"  {kind}: " + ", ".join(parts))
        for name, n in sorted(self.counters.items()):
            lines.append(f"  {name}: {n}")
        for action, kind, reason, n, examples in self.reasons():
            example = "; ".join(examples) + ("…" if n > len(examples) else "")
            lines.append(f"  {action} {n} {kind}: {reason} (e.g. {example})")
        for warning in self.warnings:
            lines.append(f"  warning: {warning}")
        return "\n".join(lines)
