"""
The bridge warden: routing in-world bridge requests to the warden's session and back.

Contract: `world-seed/PROTOCOL.md` ("Bridges"). The warden is a TypeScript daemon
(`bridges/warden/` in the repository) logged in as the account named by
`settings.TIMMY_WARDEN_ACCOUNT` and tagged `warden` (category `timmy_role`) by the superuser's
`warden_provision` request. It says `warden_hello {bridges}`; from then on the `board` and
`beacon` commands send it `bridge_request {id, bridge, action, args, caller}` and it answers with
`bridge_reply {id, ok, text}`, which is shown to the character who asked. It also announces
outside events (`bridge_event`) and reports outbox statistics.

State:

- Which session is the warden and which bridges it serves: kept in memory and in the
  ServerConfig `timmy_warden` (JSON `{"sessid", "bridges"}`), so a `reload` (sessions survive it) keeps
  the warden online. The warden is online only while that session is still connected and logged
  in with the warden account; after a reconnect it is offline until it says hello again.
- Requests waiting for an answer: in memory only. Each expires after
  `settings.TIMMY_BRIDGE_TIMEOUT` seconds (default 25, below the 30 s a Timmy client waits for a
  command) with a message to the caller. A reload forgets them; a late reply is then refused as
  unknown.

Text coming from outside (answers, announcements) is escaped before it is shown: `|` becomes
`||`, so it cannot carry Evennia colour or clickable MXP-link markup, and control characters
are dropped.

Not an inputfunc module: `server/conf/bridge_inputfuncs.py` calls the `handle_*` functions.

"""

import json
import re
import time
import uuid
from dataclasses import dataclass, field

import evennia
from django.conf import settings
from evennia.server.models import ServerConfig
from evennia.utils import create, logger
from evennia.utils.utils import delay

from world.seeding import reply_error
from world.tags import ROLE_CATEGORY, SEED_CATEGORY

#: The bridges a warden may serve.
KNOWN_BRIDGES = ("gitea", "nostr")
#: Tag (category `timmy_role`) that `warden_provision` puts on the warden account.
WARDEN_TAG = "warden"
#: ServerConfig key holding the warden's session id and bridges across reloads.
CONFIG_KEY = "timmy_warden"
#: Attribute category of the runtime state kept on bridge objects (not world attributes).
STATE_CATEGORY = "timmy_state"
#: Lock type deciding whether a character may write through a bridge object.
WRITE_LOCK_TYPE = "bridge_write"
#: Used when a bridge object has no `bridge_write` lock.
DEFAULT_WRITE_LOCK = "bridge_write:perm(Builder)"
#: Longest text shown in game from one answer or announcement.
MAX_TEXT = 4000
#: Seconds between two checks of a waiting command for its answer.
POLL_SECONDS = 0.2

BRIDGE_REQUEST = "bridge_request"
BRIDGE_REPLY = "bridge_reply"
BRIDGE_EVENT = "bridge_event"
WARDEN_HELLO = "warden_hello"
WARDEN_PROVISION = "warden_provision"

OUTBOX_FIELDS = ("pending", "delivering", "delivered", "dead")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
_DBREF = re.compile(r"^#(\d+)$")

_STATE = {"loaded": False, "sessid": None, "bridges": ()}
_PENDING = {}


@dataclass
class PendingRequest:
    """
    A bridge request sent to the warden and not yet answered.

    Attributes:
        id (str): The request id (echoed by the warden's reply).
        bridge (str): `gitea` or `nostr`.
        action (str): e.g. `list`.
        caller (Object): The character who asked.
        source (BridgeObject): The object whose command asked.
        created (float): Unix time of sending.
        settled (bool): True once answered or expired.
        outcome (str or None): `answered` or `expired` once settled.

    """

    id: str
    bridge: str
    action: str
    caller: object
    source: object
    created: float = field(default_factory=time.time)
    settled: bool = False
    outcome: str = None


# ---------------------------------------------------------------------------------------------
# settings and identity


def warden_account_name():
    """str: The warden's account name (`settings.TIMMY_WARDEN_ACCOUNT`, `timmy-warden`)."""
    return str(getattr(settings, "TIMMY_WARDEN_ACCOUNT", "timmy-warden"))


def request_timeout():
    """float: Seconds a request waits for the warden (`settings.TIMMY_BRIDGE_TIMEOUT`, 25)."""
    return max(0.5, float(getattr(settings, "TIMMY_BRIDGE_TIMEOUT", 25)))


def is_warden_account(account):
    """
    Whether an account is the provisioned warden: named `settings.TIMMY_WARDEN_ACCOUNT`
    (compared without regard to case, as Evennia compares user names) and tagged `warden` in
    category `timmy_role` by `warden_provision`. An account that merely took the name through the
    login screen before provisioning is not the warden.

    Args:
        account (Account or None): The account.

    Returns:
        bool: True for the warden.

    """
    if account is None:
        return False
    if account.username.lower() != warden_account_name().lower():
        return False
    return account.tags.has(WARDEN_TAG, category=ROLE_CATEGORY)


def is_warden_session(session):
    """
    Whether a session is logged in with the warden account.

    Args:
        session (ServerSession or None): The session.

    Returns:
        bool: True if so.

    """
    if session is None or not getattr(session, "logged_in", False):
        return False
    return is_warden_account(getattr(session, "account", None))


# ---------------------------------------------------------------------------------------------
# online state


def _load_state():
    """Fill the in-memory state from ServerConfig once per server process (after a reload)."""
    if _STATE["loaded"]:
        return
    _STATE["loaded"] = True
    try:
        stored = json.loads(ServerConfig.objects.conf(CONFIG_KEY, default=None) or "{}")
    except (TypeError, ValueError):
        stored = {}
    if isinstance(stored, dict) and isinstance(stored.get("sessid"), int):
        _STATE["sessid"] = stored["sessid"]
        _STATE["bridges"] = tuple(b for b in stored.get("bridges") or () if b in KNOWN_BRIDGES)


def _save_state(sessid, bridges):
    """Remember the warden's session and bridges in memory and in ServerConfig."""
    _STATE.update(loaded=True, sessid=sessid, bridges=tuple(bridges))
    ServerConfig.objects.conf(
        CONFIG_KEY, value=json.dumps({"sessid": sessid, "bridges": list(bridges)})
    )


def reset():
    """Forget the in-memory state (as a new server process starts); for tests."""
    _STATE.update(loaded=False, sessid=None, bridges=())
    _PENDING.clear()


def forget_warden():
    """Forget the warden (memory and ServerConfig): every bridge is offline until the next hello."""
    _STATE.update(loaded=True, sessid=None, bridges=())
    ServerConfig.objects.conf(CONFIG_KEY, delete=True)


def warden_session(bridge=None):
    """
    The warden's session, if it is online (for `bridge`, if given).

    Args:
        bridge (str, optional): Only if the warden serves this bridge.

    Returns:
        ServerSession or None: The session to send requests to.

    """
    _load_state()
    sessid = _STATE["sessid"]
    if sessid is None:
        return None
    if bridge is not None and bridge not in _STATE["bridges"]:
        return None
    session = evennia.SESSION_HANDLER.get(sessid)
    return session if is_warden_session(session) else None


def is_online(bridge):
    """
    Whether the warden is online for a bridge.

    Args:
        bridge (str): `gitea` or `nostr`.

    Returns:
        bool: True if requests for it can be sent.

    """
    return warden_session(bridge) is not None


def online_bridges():
    """tuple: The bridges the online warden serves (empty when it is offline)."""
    return _STATE["bridges"] if warden_session() is not None else ()


# ---------------------------------------------------------------------------------------------
# text from outside


def outside_text(text, limit=MAX_TEXT):
    """
    Make text that came from outside safe to show in game.

    Args:
        text (any): The text (anything else is turned into a string).
        limit (int): At most this many characters are kept (the cut is marked).

    Returns:
        str: The text with `|` doubled (no markup) and control characters other than newline
            and tab removed.

    """
    text = _CONTROL.sub("", str(text).replace("\r\n", "\n"))
    if len(text) > limit:
        text = text[: limit - 1] + "…"
    return text.replace("|", "||")


# ---------------------------------------------------------------------------------------------
# bridge objects


def bridge_objects(bridge):
    """
    The bridge objects of a bridge, in id order.

    Args:
        bridge (str): `gitea` (Repository Boards) or `nostr` (Nostr Beacons).

    Returns:
        list: The objects.

    """
    from typeclasses.bridges import BRIDGE_TYPECLASSES

    typeclass = BRIDGE_TYPECLASSES.get(bridge)
    if typeclass is None:
        return []
    return list(typeclass.objects.all_family().order_by("id"))


def _caller_account(caller):
    """The account behind a character (or the caller itself when it is an account)."""
    account = getattr(caller, "account", None)
    if account is None and hasattr(caller, "username"):
        account = caller
    return account


def caller_permissions(caller):
    """
    The permissions of a caller: its account's and its character's, sorted, plus `Superuser`
    for the superuser.

    Args:
        caller (Object): The character.

    Returns:
        list: Permission strings.

    """
    perms = set(caller.permissions.all())
    account = _caller_account(caller)
    if account is not None and account is not caller:
        perms.update(account.permissions.all())
    if account is not None and account.is_superuser:
        perms.add("Superuser")
    return sorted(perms)


def can_write(source, caller):
    """
    Whether a character may write through a bridge object: its `bridge_write` lock, or
    `perm(Builder)` when it has none (the superuser passes any lock).

    Args:
        source (BridgeObject): The object.
        caller (Object): The character.

    Returns:
        bool: True if writes are allowed.

    """
    lockstring = source.locks.get(WRITE_LOCK_TYPE) or DEFAULT_WRITE_LOCK
    return bool(source.locks.check_lockstring(caller, lockstring))


def build_request(source, caller, action, args):
    """
    The `bridge_request` payload for a command.

    Args:
        source (BridgeObject): The object whose command asks (gives the bridge).
        caller (Object): The character asking.
        action (str): The action, e.g. `read`.
        args (dict): Its arguments.

    Returns:
        dict: `{id, bridge, action, args, caller: {account, character, dbref, permissions,
            canWrite}}`.

    """
    account = _caller_account(caller)
    return {
        "id": f"br-{uuid.uuid4().hex}",
        "bridge": source.bridge_key,
        "action": action,
        "args": dict(args or {}),
        "caller": {
            "account": account.username if account is not None else "",
            "character": caller.key,
            "dbref": f"#{caller.id}",
            "permissions": caller_permissions(caller),
            "canWrite": can_write(source, caller),
        },
    }


# ---------------------------------------------------------------------------------------------
# requests


def send_request(source, caller, action, args=None):
    """
    Send a request to the warden for a bridge object's command.

    Args:
        source (BridgeObject): The object (its `bridge_key` names the bridge).
        caller (Object): The character asking.
        action (str): The action.
        args (dict, optional): Its arguments.

    Returns:
        PendingRequest or None: The pending request, or None when no warden is online for the
            bridge (nothing was sent).

    """
    session = warden_session(source.bridge_key)
    if session is None:
        return None
    request = build_request(source, caller, action, args)
    pending = PendingRequest(
        id=request["id"], bridge=request["bridge"], action=action, caller=caller, source=source
    )
    _PENDING[pending.id] = pending
    session.msg(**{BRIDGE_REQUEST: request})
    delay(request_timeout(), expire, pending.id)
    return pending


def pending_request(request_id):
    """PendingRequest or None: A request still waiting for its answer."""
    return _PENDING.get(request_id)


def wait_for(pending):
    """
    Generator for a command's `func` (`yield from wait_for(pending)`): holds the command until
    its request is answered or expired, so a client's `cmd_done` marker follows the answer.

    Args:
        pending (PendingRequest): The request.

    Yields:
        float: Seconds to wait before the next check.

    """
    steps = int(request_timeout() / POLL_SECONDS) + 10
    for _ in range(steps):
        if pending.settled:
            return
        yield POLL_SECONDS


def _settle(request_id, outcome):
    """Remove a pending request and mark how it ended; None if it was not pending."""
    pending = _PENDING.pop(request_id, None)
    if pending is not None:
        pending.settled = True
        pending.outcome = outcome
    return pending


def _show(pending, text):
    """Show text to the caller of a request, if the caller still exists and is connected."""
    caller = pending.caller
    if caller is None or getattr(caller, "pk", None) is None:
        return False
    if hasattr(caller, "sessions") and not caller.sessions.count():
        return False
    caller.msg(text=(text, {"type": pending.source.bridge_command}))
    return True


def expire(request_id):
    """
    Called when a request's time is up: tell the caller the bridge did not answer.

    Args:
        request_id (str): The request.

    """
    pending = _settle(request_id, "expired")
    if pending is None:
        return
    logger.log_warn(f"bridge request {request_id} ({pending.bridge} {pending.action}) expired")
    _show(pending, pending.source.timeout_text(request_timeout()))


# ---------------------------------------------------------------------------------------------
# the warden's requests


def _refuse_unless_warden(session, request_id, name):
    """Refuse (timmy_error forbidden) unless the session is the warden's; True if refused."""
    if is_warden_session(session):
        return False
    reply_error(
        session,
        request_id,
        "forbidden",
        f"{name} is only for the warden account ({warden_account_name()})",
        name,
    )
    return True


def handle_hello(session, kwargs):
    """
    `warden_hello {requestId, bridges}`: the warden is online for those bridges. Replies
    `warden_hello {requestId, account, bridges}`.

    Args:
        session (ServerSession): The requesting session.
        kwargs (dict): The request's keyword arguments.

    """
    request_id = kwargs.get("requestId")
    if _refuse_unless_warden(session, request_id, WARDEN_HELLO):
        return
    bridges = kwargs.get("bridges")
    if (
        not isinstance(bridges, (list, tuple))
        or not bridges
        or any(bridge not in KNOWN_BRIDGES for bridge in bridges)
    ):
        reply_error(
            session,
            request_id,
            "invalid",
            f"bridges must be a non-empty list of {', '.join(KNOWN_BRIDGES)}",
            WARDEN_HELLO,
        )
        return
    bridges = tuple(dict.fromkeys(bridges))
    was_online = set(online_bridges())
    _save_state(session.sessid, bridges)
    logger.log_info(f"bridge warden online for {', '.join(bridges)} (session {session.sessid})")
    for bridge in bridges:
        if bridge in was_online:
            continue
        for obj in bridge_objects(bridge):
            if obj.location:
                obj.location.msg_contents(obj.bridge_status_line())
    session.msg(
        **{
            WARDEN_HELLO: {
                "requestId": request_id,
                "account": session.account.username,
                "bridges": list(bridges),
            }
        }
    )


def handle_reply(session, kwargs):
    """
    `bridge_reply {requestId, id, ok, text}`: the answer to a request, shown to its caller.
    Replies `bridge_reply {requestId, id, delivered}` (`delivered`: the caller was still
    connected).

    Args:
        session (ServerSession): The requesting session.
        kwargs (dict): The request's keyword arguments.

    """
    request_id = kwargs.get("requestId")
    if _refuse_unless_warden(session, request_id, BRIDGE_REPLY):
        return
    answer_id, text = kwargs.get("id"), kwargs.get("text")
    if not isinstance(answer_id, str) or not isinstance(text, str):
        reply_error(session, request_id, "invalid", "id and text must be strings", BRIDGE_REPLY)
        return
    pending = _settle(answer_id, "answered")
    if pending is None:
        reply_error(
            session, request_id, "invalid", f"no request {answer_id} is waiting", BRIDGE_REPLY
        )
        return
    body = outside_text(text) or "(no answer text)"
    if kwargs.get("ok") is False:
        body = pending.source.failure_text(body)
    delivered = _show(pending, body)
    session.msg(
        **{BRIDGE_REPLY: {"requestId": request_id, "id": answer_id, "delivered": delivered}}
    )


def _event_rooms(bridge, room):
    """The rooms an announcement goes to: the named room, or those holding the bridge's objects."""
    if room:
        from evennia.objects.models import ObjectDB

        match = _DBREF.match(str(room))
        if match:
            found = ObjectDB.objects.filter(id=int(match.group(1)))
        else:
            found = ObjectDB.objects.get_by_tag(str(room).lower(), category=SEED_CATEGORY)
        return [obj for obj in found if obj.location is None]
    rooms = []
    for obj in bridge_objects(bridge):
        if obj.location and obj.location not in rooms:
            rooms.append(obj.location)
    return rooms


def _outbox_stats(kwargs):
    """The `stats` of an outbox event as `{field: int}`, or None if malformed."""
    stats = kwargs.get("stats")
    if not isinstance(stats, dict):
        return None
    clean = {}
    for name in OUTBOX_FIELDS:
        value = stats.get(name)
        if not isinstance(value, int) or isinstance(value, bool) or value < 0:
            return None
        clean[name] = value
    return clean


def _dead_letters(kwargs):
    """Up to five dead letters `{id, kind, error}` from an outbox event."""
    letters = []
    for letter in kwargs.get("deadLetters") or []:
        if isinstance(letter, dict) and len(letters) < 5:
            letters.append(
                {
                    "id": letter.get("id"),
                    "kind": outside_text(letter.get("kind", "?"), 60),
                    "error": outside_text(letter.get("error") or "", 200),
                }
            )
    return letters


def handle_event(session, kwargs):
    """
    `bridge_event {requestId, bridge, kind, text?, room?, stats?, deadLetters?}`: the warden
    announces something in game, or (kind `outbox`) reports its outbox statistics. Replies
    `bridge_event {requestId, shown}` (`shown`: how many rooms heard it).

    Args:
        session (ServerSession): The requesting session.
        kwargs (dict): The request's keyword arguments.

    """
    request_id = kwargs.get("requestId")
    if _refuse_unless_warden(session, request_id, BRIDGE_EVENT):
        return
    bridge, kind = kwargs.get("bridge"), kwargs.get("kind")
    if bridge not in KNOWN_BRIDGES or not isinstance(kind, str) or not kind:
        reply_error(
            session,
            request_id,
            "invalid",
            f"bridge must be one of {', '.join(KNOWN_BRIDGES)} and kind a non-empty string",
            BRIDGE_EVENT,
        )
        return
    now = time.time()
    if kind == "outbox":
        stats = _outbox_stats(kwargs)
        if stats is None:
            reply_error(
                session,
                request_id,
                "invalid",
                f"stats must have non-negative integers {', '.join(OUTBOX_FIELDS)}",
                BRIDGE_EVENT,
            )
            return
        report = {"at": now, "stats": stats, "deadLetters": _dead_letters(kwargs)}
        for obj in bridge_objects(bridge):
            obj.attributes.add("outbox", report, category=STATE_CATEGORY)
        session.msg(**{BRIDGE_EVENT: {"requestId": request_id, "shown": 0}})
        return
    text = kwargs.get("text")
    if not isinstance(text, str) or not text.strip():
        reply_error(session, request_id, "invalid", "text must be a non-empty string", BRIDGE_EVENT)
        return
    text = outside_text(text)
    rooms = _event_rooms(bridge, kwargs.get("room"))
    objects = bridge_objects(bridge)
    for obj in objects:
        obj.attributes.add("news", {"at": now, "kind": kind, "text": text}, category=STATE_CATEGORY)
    herald = objects[0].title if objects else bridge.capitalize()
    for room in rooms:
        room.msg_contents((f"{herald}: {text}", {"type": BRIDGE_EVENT}))
    session.msg(**{BRIDGE_EVENT: {"requestId": request_id, "shown": len(rooms)}})


def handle_provision(session, kwargs):
    """
    `warden_provision {requestId, password}` (superuser only): create the warden account
    (`settings.TIMMY_WARDEN_ACCOUNT`, no character) with that password, or set the password of
    the existing one; tag it `warden` (category `timmy_role`). Sessions of an existing account are
    disconnected, since their login no longer holds. Replies
    `warden_provision {requestId, username, created}`.

    Args:
        session (ServerSession): The requesting session.
        kwargs (dict): The request's keyword arguments.

    """
    request_id = kwargs.get("requestId")
    account = getattr(session, "account", None)
    if not getattr(session, "logged_in", False) or account is None or not account.is_superuser:
        reply_error(
            session,
            request_id,
            "forbidden",
            "warden_provision needs the superuser",
            WARDEN_PROVISION,
        )
        return
    password = kwargs.get("password")
    if not isinstance(password, str) or len(password) < 16:
        reply_error(
            session,
            request_id,
            "invalid",
            "password must be a string of at least 16 characters",
            WARDEN_PROVISION,
        )
        return
    from evennia.accounts.models import AccountDB

    name = warden_account_name()
    warden = AccountDB.objects.filter(username__iexact=name).first()
    created = warden is None
    try:
        if created:
            warden = create.create_account(name, None, password)
        else:
            warden.set_password(password)
            warden.save()
            for other in list(evennia.SESSION_HANDLER.sessions_from_account(warden)):
                evennia.SESSION_HANDLER.disconnect(
                    other, reason="The warden was provisioned again."
                )
        warden.tags.add(WARDEN_TAG, category=ROLE_CATEGORY)
    except Exception as err:
        logger.log_trace("warden_provision failed")
        reply_error(session, request_id, "failed", f"provisioning failed: {err}", WARDEN_PROVISION)
        return
    logger.log_sec(f"warden account {name} provisioned (created: {created})")
    session.msg(
        **{WARDEN_PROVISION: {"requestId": request_id, "username": name, "created": created}}
    )
