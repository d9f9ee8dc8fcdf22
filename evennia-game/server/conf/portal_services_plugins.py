"""
Portal service plugins

Evennia calls `start_plugin_services(portal)` while the Portal starts, after it has created its
own listening services (telnet, websocket, web) and before they begin to listen.

Timmy uses the hook for one thing: the length of the kernel's accept queue of those listeners.
Twisted listens with a backlog of 50. When more clients than that connect at the same moment (a
fleet of agents started together), the kernel drops the overflowing handshakes or, with SYN
cookies, lets the client believe it is connected while the Portal never sees the connection.
Telnet clients wait for the server to speak first, so such a "ghost" connection just hangs.
A longer queue (settings.TIMMY_LISTEN_BACKLOG, capped by the kernel's net.core.somaxconn) lets a
burst of hundreds of connections wait for the Portal to accept them.

"""

from django.conf import settings
from twisted.application import internet


def raise_listen_backlogs(services, backlog):
    """
    Set the listen backlog of every TCP listening service that has not started yet.

    Args:
        services (iterable): Twisted services (the Portal is a MultiService, iterable over its
            children).
        backlog (int): The accept-queue length to ask the kernel for.

    Returns:
        list: The names of the services changed.

    """
    changed = []
    for service in services:
        if isinstance(service, internet.TCPServer) and not service.running:
            service.kwargs["backlog"] = backlog
            changed.append(service.name)
    return changed


def start_plugin_services(portal):
    """
    This hook is called by Evennia, last in the Portal startup process.

    Args:
        portal (PortalService): The Portal's main service.

    """
    raise_listen_backlogs(portal, getattr(settings, "TIMMY_LISTEN_BACKLOG", 1024))
