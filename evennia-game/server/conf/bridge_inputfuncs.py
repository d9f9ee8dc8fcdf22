"""
Input functions of the bridges (see settings.INPUT_FUNC_MODULES and world-seed/PROTOCOL.md).

All global functions here whose names do not start with `_` are inputfuncs, called as
`name(session, *args, **kwargs)`.

The bridge warden's messages (world-seed/PROTOCOL.md, "Bridges"; implemented in
`world/bridges.py`). `warden_hello`, `bridge_reply` and `bridge_event` answer only the provisioned
warden account (`settings.TIMMY_WARDEN_ACCOUNT`); `warden_provision` only the superuser. Anyone
else gets `timmy_error {requestId, code: "forbidden", message}` and nothing changes.

"""

from world import bridges as _bridges


def warden_provision(session, *args, **kwargs):
    """
    Superuser only: create the warden account, or set its password (PROTOCOL.md).

    Keyword Args:
        requestId (str): Echoed in the reply.
        password (str): The warden's new password (at least 16 characters).

    Replies `warden_provision {requestId, username, created}` or `timmy_error`.

    """
    kwargs.pop("options", None)
    _bridges.handle_provision(session, kwargs)


def warden_hello(session, *args, **kwargs):
    """
    Warden only: the warden is online for the given bridges (PROTOCOL.md).

    Keyword Args:
        requestId (str): Echoed in the reply.
        bridges (list): Some of `gitea`, `nostr`.

    Replies `warden_hello {requestId, account, bridges}` or `timmy_error`.

    """
    kwargs.pop("options", None)
    _bridges.handle_hello(session, kwargs)


def bridge_reply(session, *args, **kwargs):
    """
    Warden only: the answer to a `bridge_request`, shown to the character who asked.

    Keyword Args:
        requestId (str): Echoed in the reply.
        id (str): The `id` of the bridge request.
        ok (bool): False shows the text as a failure.
        text (str): What the caller sees.

    Replies `bridge_reply {requestId, id, delivered}` or `timmy_error`.

    """
    kwargs.pop("options", None)
    _bridges.handle_reply(session, kwargs)


def bridge_event(session, *args, **kwargs):
    """
    Warden only: announce something in game, or report the outbox statistics.

    Keyword Args:
        requestId (str): Echoed in the reply.
        bridge (str): `gitea` or `nostr`.
        kind (str): e.g. `webhook`, `note`; `outbox` for statistics.
        text (str): The announcement (not for `outbox`).
        room (str): A room dbref (`#12`) or seed id; default: the rooms holding the bridge's
            objects.
        stats (dict): `outbox` only: `{pending, delivering, delivered, dead}`.
        deadLetters (list): `outbox` only: up to five `{id, kind, error}`.

    Replies `bridge_event {requestId, shown}` or `timmy_error`.

    """
    kwargs.pop("options", None)
    _bridges.handle_event(session, kwargs)
