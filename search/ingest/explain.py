"""Why a page split as it did: the recorded decisions (how it divides, each talk's speakers and date), each
with the options the cues proposed, their scores and the features behind the scores."""

from __future__ import annotations

from search.ingest.evidence import Record

SHOWN_FEATURES = 6  # the features that weigh most in an option's score
DECISIONS = {"segment": "how the page divides", "speaker": "speakers", "date": "date"}


def explain(records: list[Record], weights: dict[str, dict[str, float]]) -> str:
    """The decisions that made the talks (probes made while weighing other options are left out)."""
    lines = []
    for rec in records:
        if rec.decision == "speaker" and not rec.talk:
            continue  # (a section's speakers, weighed while deciding how the page divides)
        lines.append(f"{DECISIONS.get(rec.decision, rec.decision)}: {rec.where or '(untitled)'}")
        if not rec.options:
            lines.append("    no option")
        for n, option in enumerate(rec.options):
            mark = "->" if n == rec.chosen else "  "
            lines.append(f"  {mark} {describe(rec.decision, option.label, option.detail)}"
                         + (f"  score {option.score:+.2f}" if option.features else ""))
            if option.features:
                lines.append("       " + weighed(option.features, weights.get(rec.decision, {})))
        if rec.chosen is None and rec.options and rec.decision != "date":
            lines.append("  -> none (no option scores above zero)")
    return "\n".join(lines)


def describe(decision: str, label: str, detail: dict) -> str:
    if decision == "speaker":
        return f"{', '.join(detail.get('names', ())) or '-'}  (cue: {label})"
    if decision == "segment":
        titles = [talk["title"] or "(untitled)" for talk in detail.get("talks", [])]
        shown = "; ".join(titles[:4]) + (f"; ... ({len(titles)} talks)" if len(titles) > 4 else "")
        return f"{label}: {shown}"
    return f"{label}: {detail.get('date') or '-'}"


def weighed(features: dict[str, float], weights: dict[str, float]) -> str:
    """"given 1.00 x +1.53" for the features that move the score most."""
    terms = sorted(((name, value, weights.get(name, 0.0)) for name, value in features.items() if value),
                   key=lambda t: -abs(t[1] * t[2]))
    return ", ".join(f"{name} {value:.2f} x {weight:+.2f}" for name, value, weight in terms[:SHOWN_FEATURES])
