"""Every setting of the core in one place, read from TIJARIA_* environment variables."""

from functools import lru_cache
from ipaddress import IPv4Network, IPv6Network, ip_network
from pathlib import Path

from pydantic_settings import BaseSettings, SettingsConfigDict

PROJECT_ROOT = Path(__file__).resolve().parent.parent


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="TIJARIA_", extra="ignore")

    database_url: str = f"sqlite:///{PROJECT_ROOT / 'var' / 'tijaria.db'}"
    redis_url: str | None = None

    api_host: str = "127.0.0.1"
    api_port: int = 8000
    rasa_port: int = 5005
    action_server_port: int = 5055
    # Shared secret between Rasa and the core: Rasa's --auth-token, and the bearer token
    # of the core's channel (assistant/rasa_channel.py), the only way messages reach Rasa.
    rasa_token: str = ""
    # Shared secret the action server presents to the core's internal routes.
    internal_token: str = ""
    # Shared secret Rasa presents to the action server (endpoints.yml headers).
    action_server_token: str = ""
    # A Rasa turn that takes longer than this is answered in degraded mode.
    rasa_timeout_seconds: float = 10.0

    # Portal sites that embed the widget from another origin (comma-separated, e.g.
    # "https://www.portnet.ma,https://douane.portnet.ma"). The demo pages are same-origin.
    cors_origins: str = ""

    # Where rasa-webchat (and any client of Rasa's socket.io channel) connects: its
    # `socketPath`, on the core's own address (api/webchat). Empty: no socket.io endpoint.
    socketio_path: str = "/socket.io/"

    max_message_chars: int = 2000
    # Turns in a row the assistant could not answer before it offers a human agent.
    unanswered_turns_before_human: int = 2
    support_phone: str = "+212 520 47 31 00"
    # Portal files (api/portal_files): unset, the demo tables answer; else the portal
    # systems' file API at this base URL, each call given at most this many seconds.
    portal_files_url: str | None = None
    portal_files_token: str | None = None
    portal_files_timeout_seconds: float = 5.0
    # A demo of live status notices (api/portal_files/demo_events.py): every this many
    # seconds, one of the demo operator's files moves to its next status and whoever may
    # see it is told in their open conversations. Off by default; demo tables only.
    # BADR, the customs system asked before a subscription form (api/subscriptions/badr.py):
    # unset, a local table of known operators answers; else BADR's API at this base URL,
    # each call given at most this many seconds.
    badr_url: str | None = None
    badr_timeout_seconds: float = 5.0
    demo_file_events: bool = False
    demo_file_events_seconds: float = 90.0
    # Live handoff (api/handoff). Service hours of the PORTNET agents, "08:30-16:30" for
    # example, on service_days in service_timezone; empty: always open. Outside them (or
    # with no agent `available`), the contact form is offered instead of the queue.
    service_hours: str = ""
    service_days: str = "mon-fri"
    service_timezone: str = "Africa/Casablanca"
    # Minutes an agent spends on one conversation, for the wait told to a queued user.
    handoff_minutes_per_conversation: int = 4
    # An agent `available` whose console socket is closed and who has made no request for
    # this many seconds counts as away (a closed laptop, a crashed browser): nobody is
    # offered a queue with no one behind it. An open console socket keeps the agent there.
    agent_away_after_seconds: int = 90
    # A chat request's `metadata` (message id, upload ids, a form's values): at most this
    # many bytes of JSON, nested at most this deep; and any JSON body at most json_max_bytes.
    metadata_max_bytes: int = 16 * 1024
    metadata_max_depth: int = 5
    json_max_bytes: int = 256 * 1024
    # Rate limits (api/rate_limits.py; in Redis with redis_url, so replicas share them).
    # A person types at most ~20 messages a minute; an office behind one address, more.
    chat_per_session_minute: int = 20
    chat_per_client_minute: int = 120
    # The chat limits' window, in seconds (a minute; tests shorten it to see a refusal end).
    chat_window_seconds: int = 60
    uploads_per_session_hour: int = 30
    uploads_per_client_hour: int = 100

    # Accounts. A signed-in session lasts a working day; the TOTP step, minutes.
    session_ttl_minutes: int = 8 * 60
    mfa_ttl_minutes: int = 5
    # After this many failed sign-ins for one login name within the window, it is
    # locked for lockout_minutes; a client address gets a looser allowance.
    login_max_failures: int = 5
    login_client_max_failures: int = 30
    login_failure_window_minutes: int = 15
    lockout_minutes: int = 15
    # RNOCE sign-ups one client address may make in an hour: each one e-mails a stranger's
    # address, so a script must not turn the form into a mail cannon.
    signups_per_client_hour: int = 10
    # Reverse proxies whose X-Forwarded-For names the client (comma-separated addresses or
    # networks, e.g. "10.0.0.5,172.16.0.0/12"). None by default: the client is the peer of
    # the TCP connection, and nobody can choose the address counted by the lockout and quotas.
    trusted_proxies: str = ""
    # Links sent by e-mail (RNOCE): confirm the address / reset the password.
    confirm_link_ttl_hours: int = 48
    reset_link_ttl_minutes: int = 60
    # smtp://user:pass@host:port (smtps:// for TLS). Unset: e-mails go to the
    # outbox table and the log, so a link can be clicked when trying locally.
    smtp_url: str | None = None
    mail_from: str = "TijarIA PORTNET <no-reply@portnet.ma>"
    # An e-mail the SMTP server refused is tried again after 1, 2, 4… minutes (doubling),
    # mail_max_attempts times in all; the core looks for due ones every mail_retry_seconds.
    mail_max_attempts: int = 6
    mail_retry_base_seconds: float = 60.0
    mail_retry_seconds: float = 30.0
    # Where links in e-mails point (the API's own address by default).
    public_base_url: str | None = None

    @property
    def cors_origin_list(self) -> list[str]:
        return [
            origin.strip().rstrip("/") for origin in self.cors_origins.split(",") if origin.strip()
        ]

    @property
    def trusted_proxy_networks(self) -> list[IPv4Network | IPv6Network]:
        return [
            ip_network(entry.strip(), strict=False)
            for entry in self.trusted_proxies.split(",")
            if entry.strip()
        ]

    @property
    def rasa_url(self) -> str:
        return f"http://127.0.0.1:{self.rasa_port}"

    @property
    def action_server_url(self) -> str:
        return f"http://127.0.0.1:{self.action_server_port}"

    @property
    def public_url(self) -> str:
        return f"http://{self.api_host}:{self.api_port}"

    # Voice (POST /voice): Whisper through faster-whisper, on this machine, offline.
    voice_enabled: bool = True
    # A CTranslate2 Whisper model directory; unset: Whisper base from the bundled packages.
    whisper_model: str | None = None
    whisper_compute_type: str = "int8"
    # Beam search: fewer errors than greedy (1) at about the same speed on short questions,
    # whose cost is the encoder's (bench/voice.py --grid).
    whisper_beam_size: int = 5
    # 0: one thread per core, at most 4.
    whisper_cpu_threads: int = 0
    # Encode questions up to 10 s in a window fitted to them, not Whisper's 30 s (≈3x faster).
    whisper_trim_window: bool = True
    voice_max_seconds: float = 60.0
    voice_max_bytes: int = 5 * 1024 * 1024
    # Clips that may wait behind the one being transcribed; past that, 503 voice_busy.
    voice_queue_size: int = 3


@lru_cache
def get_settings() -> Settings:
    return Settings()
