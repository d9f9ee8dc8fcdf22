"""
Replies of the agents' out-of-band requests (contract: "Agents" in `world-seed/PROTOCOL.md`).

Every agent request `<name> {requestId, ...}` is answered with one OOB message of the same name:
`{requestId, ok: true, ...result}` or `{requestId, ok: false, code, error}`. The codes are

- `forbidden`: the caller may not make this request (not privileged, no character),
- `invalid`: the request is malformed or asks for something impossible,
- `not_found`: what it names does not exist,
- `failed`: the server failed while handling it.

Refusals and failures are logged, like those of `world/seeding.py`.

Not an inputfunc module.

"""

from evennia.utils import logger

FORBIDDEN = "forbidden"
INVALID = "invalid"
NOT_FOUND = "not_found"
FAILED = "failed"


class AgentRequestError(Exception):
    """
    A refused or failed agent request; becomes the reply `{ok: false, code, error}`.

    Args:
        code (str): `forbidden`, `invalid`, `not_found` or `failed`.
        message (str): Why, for the caller (never a secret).

    """

    def __init__(self, code, message):
        super().__init__(message)
        self.code = code
        self.reason = message


def who(session):
    """
    Who made a request, for the log.

    Args:
        session (ServerSession): The requesting session.

    Returns:
        str: Account name, session id and address.

    """
    account = getattr(session, "account", None)
    name = account.username if account else "(not logged in)"
    return f"{name} (session {getattr(session, 'sessid', '?')}, {getattr(session, 'address', '?')})"


def reply_ok(session, name, request_id, result):
    """
    Answer a request with `<name> {requestId, ok: true, **result}`.

    Args:
        session (ServerSession): Where to answer.
        name (str): The request's name (also the reply's).
        request_id (any): The request's `requestId`, echoed.
        result (dict): The reply's other fields.

    """
    session.msg(**{name: {"requestId": request_id, "ok": True, **result}})


def reply_error(session, name, request_id, code, message):
    """
    Answer a request with `<name> {requestId, ok: false, code, error}` and log it.

    Args:
        session (ServerSession): Where to answer.
        name (str): The request's name (also the reply's).
        request_id (any): The request's `requestId`, echoed.
        code (str): `forbidden`, `invalid`, `not_found` or `failed`.
        message (str): Why.

    """
    text = f"{name} {code} for {who(session)}: {message}"
    if code == FORBIDDEN:
        logger.log_sec(text)
    elif code == FAILED:
        logger.log_err(text)
    else:
        logger.log_warn(text)
    session.msg(**{name: {"requestId": request_id, "ok": False, "code": code, "error": message}})


def handle(session, name, kwargs, handler):
    """
    Run a request handler and answer with its result or its error.

    Args:
        session (ServerSession): The requesting session.
        name (str): The request's name.
        kwargs (dict): The request's keyword arguments (`options` removed).
        handler (callable): `handler(session, kwargs) -> dict`; raises `AgentRequestError` to
            refuse.

    """
    request_id = kwargs.get("requestId")
    try:
        result = handler(session, kwargs)
    except AgentRequestError as err:
        reply_error(session, name, request_id, err.code, err.reason)
        return
    except Exception as err:  # a bug must still answer the caller, who is waiting
        logger.log_trace(f"{name} failed")
        reply_error(session, name, request_id, FAILED, f"{name} failed: {err}")
        return
    reply_ok(session, name, request_id, result)


def require_string(kwargs, field, max_length, allow_empty=False):
    """
    A string field of a request, stripped.

    Args:
        kwargs (dict): The request's keyword arguments.
        field (str): The field's name.
        max_length (int): The longest allowed value.
        allow_empty (bool): Whether "" is allowed.

    Returns:
        str: The value.

    Raises:
        AgentRequestError: `invalid` when missing, not a string, empty or too long.

    """
    value = kwargs.get(field)
    if not isinstance(value, str):
        raise AgentRequestError(INVALID, f"{field} must be a string")
    value = value.strip()
    if not value and not allow_empty:
        raise AgentRequestError(INVALID, f"{field} must not be empty")
    if len(value) > max_length:
        raise AgentRequestError(INVALID, f"{field} is longer than {max_length} characters")
    return value


def puppet_of(session, request):
    """
    The character a session puppets.

    Args:
        session (ServerSession): The requesting session.
        request (str): The request's name, for the error.

    Returns:
        Object: The character.

    Raises:
        AgentRequestError: `forbidden` when the session is not logged in or puppets nothing.

    """
    puppet = session.puppet if getattr(session, "logged_in", False) else None
    if puppet is None:
        raise AgentRequestError(FORBIDDEN, f"{request} needs a logged-in character")
    return puppet
