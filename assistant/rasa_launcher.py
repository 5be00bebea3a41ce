"""`python -m assistant.rasa_launcher run …`: `rasa run …` with `--auth-token` from the environment.

Runs in Rasa's venv (Python 3.10): standard library and Rasa only. A command line
is readable by every user of the machine (`ps`, /proc/<pid>/cmdline), an
environment only by the process's owner; so the supervisor puts the token that
protects Rasa's HTTP API in TIJARIA_RASA_TOKEN, and this adds it to Rasa's
arguments inside the process, where `ps` does not see it.
"""

import os
import sys

TOKEN_ENV = "TIJARIA_RASA_TOKEN"


def rasa_argv(arguments: list[str], token: str) -> list[str]:
    # Glued with "=": a generated token starts with "-" once in 64 runs, and argparse
    # would take a separate "-abc…" for an option.
    return ["rasa", *arguments, f"--auth-token={token}"]


def main() -> None:
    token = os.environ.get(TOKEN_ENV, "").strip()
    if not token:
        sys.exit(f"{TOKEN_ENV} is not set: Rasa's HTTP API and its channel need it.")
    sys.argv = rasa_argv(sys.argv[1:], token)
    from rasa.__main__ import main as rasa_main

    rasa_main()


if __name__ == "__main__":
    main()
