"""One analysed posting in a terminal: its credential phrases highlighted, then a table."""

from __future__ import annotations

from rich.console import Console
from rich.table import Table
from rich.text import Text

from analyzer.results import Analysis, Mention
from analyzer.vocab import CREDENTIAL_TYPES

# one highlight colour per credential type, in the analyzer's type order
STYLES = dict(
    zip(
        CREDENTIAL_TYPES,
        ("bold cyan", "bold magenta", "bold green", "bold yellow", "bold blue", "bold red"),
        strict=True,
    )
)


def show_analysis(console: Console, text: str, analysis: Analysis) -> None:
    """Print the lines holding credentials with the phrases highlighted, then a table."""
    mentions = analysis["mentions"]
    if not text.strip():
        console.print("[yellow]The posting is empty: nothing to analyse.[/]")
        return
    console.print(_highlighted_lines(text, mentions))
    table = Table(title=f"{len(mentions)} credential request(s)", show_lines=False)
    for column in ("credential", "type", "level", "strength", "experience ok", "section"):
        table.add_column(column)
    for m in mentions:
        table.add_row(
            Text(m["text"], style=STYLES[m["type"]]),
            m["type"],
            m["level"] or "",
            m["strength"],
            "yes" if m["experience_substitute"] else "",
            m["section"] or "",
        )
    console.print(table)
    console.print(
        f"equivalency: [bold]{'yes' if analysis['equivalency'] else 'no'}[/]   "
        f"min degree required: [bold]{analysis['min_degree_required'] or 'none'}[/]"
    )


def _highlighted_lines(text: str, mentions: list[Mention]) -> Text:
    shown = Text()
    line_starts = sorted({text.rfind("\n", 0, m["start"]) + 1 for m in mentions})
    for start in line_starts:
        end = text.find("\n", start)
        end = len(text) if end == -1 else end
        line = Text(text[start:end])
        for m in mentions:
            if start <= m["start"] < end:
                line.stylize(STYLES[m["type"]] + " underline", m["start"] - start, m["end"] - start)
        shown.append("  ")
        shown.append(line)
        shown.append("\n")
    return shown
