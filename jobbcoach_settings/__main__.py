"""`python -m jobbcoach_settings`: the values in force; `--markdown`: the table for docs/architecture.md."""

from __future__ import annotations

import argparse
import sys

from jobbcoach_settings import Settings, SettingsError, get_settings


def markdown_table() -> str:
    """The documented table of variables, made from the fields (so docs and code cannot drift)."""
    rows = ["| variable | default | meaning |", "|----------|---------|---------|"]
    for name, field in Settings.model_fields.items():
        default = field.default
        shown = "unset" if default in (None, "") else f"`{default}`"
        if name == "var_dir":
            shown = "`<repo>/var`"
        rows.append(f"| `{field.alias}` | {shown} | {field.description} |")
    return "\n".join(rows)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m jobbcoach_settings", description=__doc__)
    parser.add_argument("--markdown", action="store_true", help="print the table of variables")
    args = parser.parse_args(argv)
    if args.markdown:
        print(markdown_table())
        return 0
    try:
        settings = get_settings()
    except SettingsError as exc:
        print(exc, file=sys.stderr)
        return 2
    for name, field in Settings.model_fields.items():
        value = getattr(settings, name)
        if name in ("rasa_token_env", "jobtech_api_key") and value:
            value = "(set)"
        print(f"{field.alias}={'' if value is None else value}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
