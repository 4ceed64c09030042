"""Command line of the console.

    python -m web.console create-admin --username NAME [--password-stdin]
    python -m web.console create-user --username NAME [--role caseworker|admin] [--password-stdin]
    python -m web.console retention --days N

Passwords come from a hidden prompt (asked twice) or, for scripts, one line on standard input;
never from an argument, which would end up in the shell history and the process list.
"""

from __future__ import annotations

import argparse
import getpass
import sys

from jobbcoach_settings.wiring import configure_packages
from web.console import audit, auth, retention
from web.console.db import console_db


def _read_password(from_stdin: bool) -> str:
    if from_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    first = getpass.getpass("Lösenord: ")
    if getpass.getpass("Upprepa lösenordet: ") != first:
        raise SystemExit("Lösenorden är inte lika.")
    return first


def _create(username: str, role: str, from_stdin: bool) -> int:
    password = _read_password(from_stdin)
    try:
        with console_db() as session:
            user = auth.create_user(session, username, password, role)
            audit.record(session, "cli", "create_user", target=user.username, detail=f"roll={role}")
    except auth.AccountError as error:
        print(f"Fel: {error}", file=sys.stderr)
        return 1
    print(f"Skapade {role} {user.username}.")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m web.console", description="Jobbcoach handläggarkonsol")
    commands = parser.add_subparsers(dest="command", required=True)
    admin = commands.add_parser("create-admin", help="skapa ett administratörskonto (t.ex. det första)")
    admin.add_argument("--username", required=True)
    admin.add_argument("--password-stdin", action="store_true", help="läs lösenordet från standard in")
    user = commands.add_parser("create-user", help="skapa ett konto")
    user.add_argument("--username", required=True)
    user.add_argument("--role", choices=("caseworker", "admin"), default="caseworker")
    user.add_argument("--password-stdin", action="store_true")
    keep = commands.add_parser("retention", help="radera det som är äldre än N dagar")
    keep.add_argument("--days", type=int, required=True)
    args = parser.parse_args(argv)
    configure_packages()

    if args.command == "create-admin":
        return _create(args.username, "admin", args.password_stdin)
    if args.command == "create-user":
        return _create(args.username, args.role, args.password_stdin)
    if args.days < 1:
        parser.error("--days måste vara minst 1")
    counts = retention.run(args.days, actor="cli")
    for table, n in sorted(counts.items()):
        print(f"{table}: {n}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
