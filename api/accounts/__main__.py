"""`python -m api.accounts seed | users | totp LOGIN`: demo accounts for trying TijarIA locally."""

import argparse
import sys

from api.accounts import seed as demo
from api.config import get_settings
from api.database import make_engine, make_session_factory
from api.douane_accounts import seed as douane_accounts_seed
from api.portal_files import seed as portal_files_seed
from api.subscriptions import seed as subscriptions_seed


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m api.accounts")
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("seed", help="create the demo users on the first start and list them")
    commands.add_parser("users", help="list the demo users")
    code = commands.add_parser("totp", help="print a demo user's current TOTP code")
    code.add_argument("login")
    args = parser.parse_args(argv)

    settings = get_settings()
    factory = make_session_factory(make_engine(settings.database_url))
    with factory() as db:
        if args.command == "totp":
            current = demo.current_demo_code(db=db, login=args.login)
            if current is None:
                print(
                    f"no code for '{args.login}': not a demo Portnet ID user, or it has not "
                    "signed in yet (its first sign-in starts the enrolment)",
                    file=sys.stderr,
                )
                return 1
            print(current)
            return 0
        if args.command == "seed":
            created = demo.seed(db=db)
            portal_files_seed.seed(db=db)
            subscriptions_seed.seed(db=db)
            douane_accounts_seed.seed(db=db)
            if not created:
                print("[accounts] demo users already exist: `make demo-users` lists them")
                return 0
            print("[accounts] demo users created (first start):")
        _print_users(db=db, base_url=settings.public_url)
    return 0


def _print_users(*, db, base_url: str) -> None:
    for user in demo.demo_users(db=db):
        if user.realm == "rnoce":
            print(
                f"  RNOCE space  {user.login:<24} password {demo.DEMO_RNOCE_PASSWORD:<20} "
                f"sign in at {base_url}/rnoce/connexion"
            )
            continue
        mfa = (
            "TOTP secret " + user.totp_secret
            if user.totp_secret
            else "enrols an authenticator at first sign-in"
        )
        print(f"  {user.role:<12} {user.login:<24} password {demo.DEMO_PASSWORD:<20} {mfa}")
    print("  Current TOTP code of a demo user: make totp LOGIN=demo.operateur")


if __name__ == "__main__":
    sys.exit(main())
