"""`python -m api.notifications retry`: tries the due outbox e-mails again, once, now."""

import argparse
import sys

from api.config import get_settings
from api.database import make_engine, make_session_factory
from api.notifications import service


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m api.notifications")
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("retry", help="send again the e-mails whose next attempt is due")
    parser.parse_args(argv)

    settings = get_settings()
    if not settings.smtp_url:
        print(
            "TIJARIA_SMTP_URL is not set: e-mails stay in the outbox and the log", file=sys.stderr
        )
        return 1
    factory = make_session_factory(make_engine(settings.database_url))
    results = service.retry_due(session_factory=factory, settings=settings)
    print(f"{results.count('sent')} sent, {results.count('failed')} failed again")
    return 0 if "failed" not in results else 1


if __name__ == "__main__":
    sys.exit(main())
