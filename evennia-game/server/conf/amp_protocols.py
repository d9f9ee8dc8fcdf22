"""
AMP protocols with Nagle's algorithm turned off.

The Portal and the Server talk AMP over a loopback TCP connection on which Evennia 5.0.1 never sets
TCP_NODELAY. Small AMP messages then meet the peer's delayed ACK: every command that follows the
previous one within about 40 ms waits out that window, which caps a session at about 23 commands a
second however fast the game is. Measured with bench/round-trip.ts: back-to-back `look` took 44 ms a
command; with TCP_NODELAY on the Portal's end, about 1 ms.

Selected in settings.py through AMP_SERVER_PROTOCOL_CLASS (the Portal's end) and
AMP_CLIENT_PROTOCOL_CLASS (the Server's end).

"""

from evennia.server.amp_client import AMPServerClientProtocol
from evennia.server.portal.amp_server import AMPServerProtocol


def _no_delay(protocol):
    """Turn off Nagle's algorithm on a protocol's TCP transport, if it has one."""
    set_no_delay = getattr(protocol.transport, "setTcpNoDelay", None)
    if set_no_delay:
        set_no_delay(True)


class NoDelayAMPServerProtocol(AMPServerProtocol):
    """The Portal's end of the AMP link, without Nagle's algorithm."""

    def connectionMade(self):
        """Set TCP_NODELAY, then let Evennia register the connection."""
        _no_delay(self)
        super().connectionMade()


class NoDelayAMPClientProtocol(AMPServerClientProtocol):
    """The Server's end of the AMP link, without Nagle's algorithm."""

    def connectionMade(self):
        """Set TCP_NODELAY, then let Evennia sync the sessions."""
        _no_delay(self)
        super().connectionMade()
