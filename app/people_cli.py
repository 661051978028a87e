"""The `binwise` commands about people: `users add|list|disable|enable|pin|role|idle`, `audit`, and
`login()`, which every command that books work to a person or needs a role goes through.

A PIN comes from BINWISE_PIN (a new user's from BINWISE_NEW_PIN), or from a prompt when stdin
is a terminal; without one a command refuses in one line (exit 2). A warehouse where nobody
has a PIN yet asks for none.
"""

import argparse
import os
import sys
from getpass import getpass
from pathlib import Path

from app.cli_names import typed_date
from app.core.errors import BinwiseError

ROLES = ("operator", "supervisor", "admin")


def add_commands(commands: argparse._SubParsersAction) -> None:
    people = commands.add_parser("users", help="people who work here: roles, PINs, badges")
    what = people.add_subparsers(dest="users_what", required=True, metavar="WHAT")
    add = what.add_parser("add", help="a new user (PIN from BINWISE_NEW_PIN or a prompt); "
                          "prints the badge code")
    add.add_argument("name")
    add.add_argument("--role", choices=ROLES, default="operator")
    what.add_parser("list", help="every user, role, badge and whether active")
    for verb, text in (("disable", "stop a user logging in (their moves stay theirs)"),
                       ("enable", "let a disabled user log in again"),
                       ("pin", "set a new PIN (from BINWISE_NEW_PIN or a prompt)")):
        sub = what.add_parser(verb, help=text)
        sub.add_argument("name")
    role = what.add_parser("role", help="give a user another role")
    role.add_argument("name")
    role.add_argument("role", choices=ROLES)
    idle = what.add_parser("idle", help="log an idle station out after MINUTES (0 = never)")
    idle.add_argument("minutes", type=int)
    for sub in what.choices.values():
        sub.add_argument("--user", help="the admin doing it (PIN from BINWISE_PIN)")

    audit = commands.add_parser("audit", help="every move: when, who, who approved, newest "
                                "first")
    audit.add_argument("--user", dest="who", help="only moves by this user")
    audit.add_argument("--item", help="only this SKU")
    audit.add_argument("--bin", help="only moves into or out of this bin")
    audit.add_argument("--since", type=typed_date, help="from this day (YYYY-MM-DD)")
    audit.add_argument("--limit", type=int, default=200, help="how many rows (default 200)")
    audit.add_argument("--csv", type=Path, help="write every matching move to this CSV file")


def _secret(variable: str, prompt: str, missing: str) -> str:
    value = os.environ.get(variable)
    if value:
        return value
    if sys.stdin is not None and sys.stdin.isatty():
        return getpass(prompt)
    raise BinwiseError(missing)


def login(name: str | None, role: str | None = None, what: str = "This") -> int:
    """The id of the user `name` after checking their PIN (when they have one) and `role`."""
    from app.core import users

    # Without --user, work is booked to the built-in operator, as before users had PINs.
    name = name or "operator"
    person = users.by_name(name)
    if person is None:
        raise BinwiseError(f"No user named '{name}'.")
    if not person.active:
        raise BinwiseError(f"{person.name} is disabled. Ask an admin.")
    if person.has_pin:
        pin = _secret("BINWISE_PIN", f"PIN for {person.name}: ",
                      f"{what} as {person.name} needs their PIN: set BINWISE_PIN, or run it "
                      f"in a terminal to be asked.")
        try:
            person = users.login_with_pin(person.name, pin)
        except BinwiseError:
            # The window's words ("scan your badge") mean nothing here; the name is known.
            if os.environ.get("BINWISE_PIN"):
                raise BinwiseError(f"BINWISE_PIN holds a wrong PIN for {person.name}: correct "
                                   f"it, or unset it to be asked in a terminal.") from None
            raise BinwiseError(f"Wrong PIN for {person.name}. Run it again and type their "
                               f"PIN.") from None
    if role is not None:
        users.require_role(person.id, role, what)
    return person.id


def _acting_admin(args: argparse.Namespace) -> int | None:
    from app.core import users

    if not users.logins_enabled():
        return None  # a new install: the first admin is being created
    return login(args.user, "admin", "Managing users")


def cmd_users(args: argparse.Namespace, open_db) -> int:
    from app.core import users

    open_db(args)
    if args.users_what == "list":
        print(f"{'name':<20} {'role':<11} {'badge':<18} {'PIN':<4} status")
        for p in users.list_users():
            print(f"{p.name:<20} {p.role:<11} {p.badge or '-':<18} "
                  f"{'yes' if p.has_pin else 'no':<4} {'active' if p.active else 'disabled'}")
        return 0
    acting = _acting_admin(args)
    if args.users_what == "role":
        person = users.set_role(args.name, args.role, acting)
        print(f"{person.name} is now {person.role}.")
        return 0
    if args.users_what == "idle":
        users.set_idle_logout_minutes(args.minutes, acting)
        print("Stations stay logged in until someone logs out." if args.minutes == 0 else
              f"Stations log out after {args.minutes} min without a scan or a key.")
        return 0
    if args.users_what in ("add", "pin"):
        pin = _secret("BINWISE_NEW_PIN", f"New PIN for {args.name}: ",
                      f"The new PIN for {args.name}: set BINWISE_NEW_PIN, or run it in a "
                      f"terminal to be asked.")
        if args.users_what == "add":
            person = users.add_user(args.name, args.role, pin, acting)
            print(f"Added {person.name} ({person.role}); badge {person.badge} "
                  f"(`binwise labels badge {person.name}` prints it).")
        else:
            users.set_pin(args.name, pin, acting)
            print(f"New PIN set for {args.name}.")
        return 0
    person = users.set_active(args.name, args.users_what == "enable", acting)
    print(f"{person.name} is {'active' if person.active else 'disabled'}.")
    return 0


def cmd_audit(args: argparse.Namespace, open_db) -> int:
    from app.core import audit

    open_db(args)
    where = audit.AuditFilter(args.who, args.item, args.bin, args.since)
    if args.csv:
        count = audit.write_csv(args.csv, where)
        print(f"Wrote {count} moves to {args.csv}")
        return 0
    rows = audit.moves(where, max(1, args.limit))
    print(f"{'time':<19} {'user':<12} {'approver':<12} {'kind':<8} {'qty':>5} {'sku':<12} "
          f"{'from':<10} {'to':<10} document / note")
    for r in rows:
        lot = f" {r.lot}" if r.lot else ""
        print(f"{r.time.isoformat(' ', 'seconds'):<19} {r.user:<12} {r.approver:<12} "
              f"{r.kind:<8} {r.qty:>5} {r.sku + lot:<12} {r.src:<10} {r.dst:<10} "
              f"{r.document}{' / ' + r.note if r.note else ''}")
    if not rows:
        print("No moves.")
    return 0
