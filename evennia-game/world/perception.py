"""
Structured perception: the out-of-band `room_info` message.

Contract: "Structured perception" in `world-seed/PROTOCOL.md`. A session asks for it with the
`room_info_subscribe {enabled}` inputfunc (`server/conf/inputfuncs.py`); while subscribed it gets

    room_info {dbref, seedId, key, area, desc, exits, characters, things, commands}

about the room of the character it puppets:

- at once on subscribing (and when it starts puppeting a character, `Character.at_post_puppet`),
- after every `look` command (`commands/look.py`),
- after every move of its character (`Character.at_post_move`),
- when the contents of that room change: something arrives (`ObjectParent.at_object_receive` of
  the room; for an object that leaves, the destination's `at_object_receive` reports the room it
  came from, or `Room.at_object_leave` when the destination has no such hook), a character logs
  out (`Character.at_post_unpuppet`) or an object in it is deleted (`ObjectParent.delete`).

`commands` comes from Evennia's own cmdset merge for the session (session, account, character,
the objects in the room and the room itself, as `cmdhandler` does it), keeping the commands the
character passes the `cmd` lock of. The merge returns a Deferred; the message is sent when it fires
(at once with ordinary cmdsets, so before the `cmd_done` of the command that caused it).

Not an inputfunc module: import from here with underscore aliases.

"""

import contextlib

import evennia
from django.conf import settings
from evennia.commands.cmdhandler import generate_cmdset_providers, get_and_merge_cmdsets
from evennia.objects.objects import DefaultCharacter, DefaultExit
from evennia.utils import logger
from twisted.internet.defer import maybeDeferred

from world.tags import area_of, dbref_of, is_agent, plain_aliases, seed_of

ROOM_INFO = "room_info"

# session.ndb flag: the session gets room_info.
_SUBSCRIBED = "timmy_room_info"

# While > 0 (inside `suppressed()`), nothing is sent; the caller refreshes afterwards.
_suppress_depth = 0


def is_subscribed(session):
    """
    Whether a session gets `room_info`.

    Args:
        session (ServerSession): The session.

    Returns:
        bool: True if subscribed.

    """
    return bool(session is not None and session.ndb.timmy_room_info)


def subscribe(session, enabled=True):
    """
    Switch `room_info` on or off for a session; when switched on, send it at once.

    Args:
        session (ServerSession): The session.
        enabled (bool): On or off.

    """
    if enabled:
        session.ndb.timmy_room_info = True
        send_room_info(session)
    else:
        session.ndb.timmy_room_info = False


@contextlib.contextmanager
def suppressed():
    """
    Context manager: no `room_info` is sent inside it (used while `world_apply` changes many
    objects at once; it sends a fresh `room_info` to everyone afterwards with `refresh_all`).

    """
    global _suppress_depth
    _suppress_depth += 1
    try:
        yield
    finally:
        _suppress_depth -= 1


def _kind(obj):
    """'exit', 'character' or 'thing', for objects inside a room."""
    if isinstance(obj, DefaultExit) or obj.destination is not None:
        return "exit"
    if isinstance(obj, DefaultCharacter) or obj.account is not None:
        return "character"
    return "thing"


def room_payload(viewer, room, exclude=()):
    """
    The `room_info` fields about a room as seen by a character, without `commands`.

    Objects the viewer fails the `view` lock of are left out, as `look` leaves them out.

    Args:
        viewer (Object): The character looking.
        room (Object): Its location.
        exclude (iterable, optional): Objects to leave out (one that is leaving the room).

    Returns:
        dict: `{dbref, seedId, key, area, desc, exits, characters, things}`.

    """
    exclude = set(exclude)
    exits, characters, things = [], [], []
    for obj in sorted(room.contents, key=lambda o: o.id):
        if obj == viewer or obj in exclude or not obj.access(viewer, "view"):
            continue
        kind = _kind(obj)
        if kind == "exit":
            dest = obj.destination
            exits.append(
                {
                    "key": obj.key,
                    "aliases": plain_aliases(obj),
                    "destination": (
                        {"dbref": dbref_of(dest), "seedId": seed_of(dest), "key": dest.key}
                        if dest is not None
                        else None
                    ),
                }
            )
        elif kind == "character":
            characters.append({"key": obj.key, "dbref": dbref_of(obj), "agent": is_agent(obj)})
        else:
            things.append(
                {
                    "key": obj.key,
                    "dbref": dbref_of(obj),
                    "seedId": seed_of(obj),
                    "typeclass": obj.typeclass_path,
                }
            )
    return {
        "dbref": dbref_of(room),
        "seedId": seed_of(room),
        "key": room.key,
        "area": area_of(room),
        "desc": room.db.desc or "",
        "exits": exits,
        "characters": characters,
        "things": things,
    }


def _command_keys(cmdset, caller):
    """
    Sorted keys of the commands in a merged cmdset that `caller` may use.

    Like `help`, a key's ignored prefix (`@dig`) is dropped unless another command has the key
    without it (Evennia accepts `dig` for `@dig` anyway, settings.CMD_IGNORE_PREFIXES).

    """
    if not cmdset:
        return []
    keys = set()
    for cmd in cmdset:
        # system commands (__noinput_command etc.) are not typed by anyone
        if cmd.key.startswith("__"):
            continue
        if cmd.access(caller, "cmd"):
            keys.add(cmd.key)
    prefixes = settings.CMD_IGNORE_PREFIXES
    shown = set()
    for key in keys:
        if len(key) > 1 and key[0] in prefixes and key[1:] not in keys:
            key = key[1:]
        shown.add(key)
    return sorted(shown)


def available_commands(session):
    """
    The keys of every command the session's character may use where it is.

    Args:
        session (ServerSession): A logged-in session.

    Returns:
        Deferred: Fires with a sorted list of command keys.

    """
    _, providers, _, caller, _ = generate_cmdset_providers(session, session=session)
    deferred = maybeDeferred(get_and_merge_cmdsets, caller, providers, "session", "")
    deferred.addCallback(_command_keys, caller)
    return deferred


def send_room_info(session, exclude=()):
    """
    Send `room_info` to one session about the room of the character it puppets.

    Nothing is sent if the session has no character or the character no location.

    Args:
        session (ServerSession): The session.
        exclude (iterable, optional): Objects to leave out of the room's contents.

    """
    if _suppress_depth:
        return
    puppet = session.puppet
    if puppet is None or puppet.location is None:
        return

    def _send(commands):
        puppet = session.puppet
        if puppet is None or puppet.location is None:
            return
        payload = room_payload(puppet, puppet.location, exclude=exclude)
        payload["commands"] = commands
        session.msg(**{ROOM_INFO: payload})

    def _failed(failure):
        logger.log_err(f"room_info: merging cmdsets failed: {failure.getErrorMessage()}")
        _send([])

    try:
        deferred = available_commands(session)
    except Exception as err:  # a broken cmdset must not break the move or look
        logger.log_trace(f"room_info: {err}")
        _send([])
        return
    deferred.addCallbacks(_send, _failed)


def notify_character(obj, exclude=()):
    """
    Send `room_info` to every subscribed session puppeting `obj`.

    Args:
        obj (Object): A character (anything with `.sessions`).
        exclude (iterable, optional): Objects to leave out of the room's contents.

    """
    if _suppress_depth:
        return
    sessions = getattr(obj, "sessions", None)
    if sessions is None:
        return
    for session in sessions.all():
        if is_subscribed(session):
            send_room_info(session, exclude=exclude)


def contents_changed(container, skip=(), hide=()):
    """
    Tell the subscribed characters inside `container` (a room) that its contents changed.

    Args:
        container (Object or None): The room whose contents changed.
        skip (iterable, optional): Objects not to tell (the object that moved; it is told by its
            own `at_post_move`).
        hide (iterable, optional): Objects to leave out of the contents sent (an object that is
            about to leave but is still inside).

    """
    if _suppress_depth or container is None:
        return
    skip = tuple(skip) + tuple(hide)
    for obj in container.contents:
        if obj not in skip and obj.sessions.count():
            notify_character(obj, exclude=hide)


def refresh_all():
    """Send `room_info` to every subscribed session (after `world_apply` changed the world)."""
    if _suppress_depth:
        return
    for session in evennia.SESSION_HANDLER.get_sessions():
        if is_subscribed(session):
            send_room_info(session)
