r"""
Evennia settings for the Timmy game.

Every port and interface comes from an environment variable, with Evennia's stock port as the default
and loopback as the default interface, so that several instances (the test harness runs one per test
file) can live side by side on one machine:

    EVENNIA_INTERFACE           interface every listener binds to     (default 127.0.0.1)
    EVENNIA_TELNET_PORT         telnet                                (default 4000)
    EVENNIA_WEB_PORT            web server, public proxy port         (default 4001)
    EVENNIA_WEB_INTERNAL_PORT   web server, internal Server port      (default 4005)
    EVENNIA_WEBSOCKET_PORT      webclient websocket                   (default 4002)
    EVENNIA_AMP_PORT            Portal <-> Server AMP link            (default 4006)
    TIMMY_SERVERNAME            the game's name                       (default Timmy)
    TIMMY_FAST_PASSWORD_HASHER  "1" in tests only: MD5 hasher, no password validators

Settings given in secret_settings.py (generated, never committed) override those in this file.

"""

import os

# Use the defaults from Evennia unless explicitly overridden
from evennia.settings_default import *  # noqa: F401,F403


def _port(name, default):
    """Read a TCP port from the environment, failing loudly on a bad value."""
    raw = os.environ.get(name, "").strip()
    if not raw:
        return default
    try:
        port = int(raw)
    except ValueError:
        raise SystemExit(f"{name}={raw!r} is not a port number")
    if not 0 < port < 65536:
        raise SystemExit(f"{name}={port} is outside 1-65535")
    return port


######################################################################
# Evennia base server config
######################################################################

SERVERNAME = os.environ.get("TIMMY_SERVERNAME", "Timmy")

######################################################################
# Ports and interfaces
######################################################################

INTERFACE = os.environ.get("EVENNIA_INTERFACE", "127.0.0.1")

TELNET_PORTS = [_port("EVENNIA_TELNET_PORT", 4000)]
TELNET_INTERFACES = [INTERFACE]
WEBSERVER_PORTS = [(_port("EVENNIA_WEB_PORT", 4001), _port("EVENNIA_WEB_INTERNAL_PORT", 4005))]
WEBSERVER_INTERFACES = [INTERFACE]
WEBSOCKET_CLIENT_PORT = _port("EVENNIA_WEBSOCKET_PORT", 4002)
WEBSOCKET_CLIENT_INTERFACE = INTERFACE
AMP_PORT = _port("EVENNIA_AMP_PORT", 4006)
AMP_INTERFACE = "127.0.0.1"
AMP_HOST = "localhost"
# Nagle's algorithm on the Portal-Server link added ~40 ms to every command (server/conf/amp_protocols.py).
AMP_SERVER_PROTOCOL_CLASS = "server.conf.amp_protocols.NoDelayAMPServerProtocol"
AMP_CLIENT_PROTOCOL_CLASS = "server.conf.amp_protocols.NoDelayAMPClientProtocol"
# The web page tells browsers which websocket port to use; keep it in step with the setting above.
os.environ.setdefault("WEBSOCKET_CLIENT_PROXY_PORT", str(WEBSOCKET_CLIENT_PORT))

######################################################################
# Many agents connect from one address
######################################################################

# Global rate of new connections admitted per second (must stay > 0).
MAX_CONNECTION_RATE = 1000
# Inputs per second per session, out-of-band included (0 raises ZeroDivisionError in 5.0.1).
MAX_COMMAND_RATE = 1000
# Accept-queue length of the Portal's listeners (server/conf/portal_services_plugins.py); Twisted's
# default of 50 drops connections when a fleet of agents connects at once.
TIMMY_LISTEN_BACKLOG = 1024
# Account creation and failed-login throttles are per IP; every agent shares one IP.
CREATION_THROTTLE_LIMIT = None
CREATION_THROTTLE_TIMEOUT = None
LOGIN_THROTTLE_LIMIT = None
LOGIN_THROTTLE_TIMEOUT = None
IDLE_TIMEOUT = -1
MULTISESSION_MODE = 0
AUTO_CREATE_CHARACTER_WITH_ACCOUNT = True
AUTO_PUPPET_ON_LOGIN = True

######################################################################
# Commands
######################################################################

# Our command base classes hold the cmd_done marker until a command that yields has really finished
# (see commands/cmd_done.py and the out-of-band protocol in server/conf/inputfuncs.py).
COMMAND_DEFAULT_CLASS = "commands.command.MuxCommand"

######################################################################
# World as code, heartbeats (world-seed/PROTOCOL.md)
######################################################################

# Accounts (user names) allowed to use the privileged world_snapshot / world_apply requests,
# besides the superuser.
TIMMY_PRIVILEGED_ACCOUNTS = []
# Seconds between two checks of the Heartbeat Shrine (HeartbeatWatch script; read when the
# shrine is created).
TIMMY_HEARTBEAT_INTERVAL = 60
# A lineage member is marked stale after missing this many intervals.
TIMMY_HEARTBEAT_STALE_AFTER = 3

# Out-of-band request handlers: Evennia's, the command-correlation and world modules
# (server/conf/inputfuncs.py), the agents' (server/conf/agent_inputfuncs.py) and the bridges'
# (server/conf/bridge_inputfuncs.py). Later modules replace same-named functions of earlier ones.
INPUT_FUNC_MODULES = [
    "evennia.server.inputfuncs",
    "server.conf.inputfuncs",
    "server.conf.agent_inputfuncs",
    "server.conf.bridge_inputfuncs",
]

# The account the bridge warden logs in with (created by `timmy up`); only it may answer bridge
# requests (bridge_reply and the other warden-only inputfuncs).
TIMMY_WARDEN_ACCOUNT = os.environ.get("TIMMY_WARDEN_ACCOUNT", "timmy-warden")

######################################################################
# Test-only speed-ups
######################################################################

if os.environ.get("TIMMY_FAST_PASSWORD_HASHER") == "1":
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    AUTH_PASSWORD_VALIDATORS = []

######################################################################
# Settings given in secret_settings.py override those in this file.
######################################################################
try:
    from server.conf.secret_settings import *  # noqa: F401,F403
except ImportError:
    print("secret_settings.py file not found or failed to import.")
