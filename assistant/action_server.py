"""`python -m assistant.action_server --port 5055`: the rasa-sdk action server, on loopback only.

rasa-sdk's own CLI binds 0.0.0.0 unless SANIC_HOST says otherwise; the action server
has no authentication, so it must never listen beyond this machine.
"""

import argparse
import os
import sys


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--port", type=int, default=5055)
    args = parser.parse_args()
    os.environ["SANIC_HOST"] = "127.0.0.1"
    sys.argv = ["rasa_sdk", "--actions", "actions", "--port", str(args.port)]
    from rasa_sdk.__main__ import main as rasa_sdk_main

    rasa_sdk_main()


if __name__ == "__main__":
    main()
