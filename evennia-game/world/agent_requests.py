"""
In-world requests: any character asks an agent for something; the agent reports back.

Contract: "Agents" in `world-seed/PROTOCOL.md`.

- `request <agent> = <task text>` (`commands/requests.py`) calls `make_request`: the request
  `{id, from, fromDbref, text, at, status: "pending"}` is stored in the agent character's
  `db.timmy_requests` (the last `REQUEST_LIMIT`; finished ones are dropped before pending ones)
  and the agent's sessions get the OOB message `agent_request {id, from, text}` (and a line of
  text, for a human at the agent's keyboard).
- The agent lists its pending requests with `agent_requests {requestId}` and finishes one with
  `agent_request_done {requestId, id, status, summary}` (`server/conf/agent_inputfuncs.py`): the
  request is marked, and the requester, if online, is told in game.

Not an inputfunc module.

"""

import time

from evennia.objects.models import ObjectDB
from evennia.objects.objects import DefaultCharacter

from world.agent_replies import INVALID, NOT_FOUND, AgentRequestError, puppet_of, require_string
from world.tags import AGENT_TAG, ROLE_CATEGORY, is_agent

AGENT_REQUEST = "agent_request"
AGENT_REQUESTS = "agent_requests"
AGENT_REQUEST_DONE = "agent_request_done"

REQUEST_LIMIT = 50
MAX_REQUEST_LENGTH = 1000
MAX_SUMMARY_LENGTH = 2000
PENDING = "pending"
FINISHED = ("completed", "failed")


def find_agent(name):
    """
    The agent character with a key, without regard to case, anywhere in the game.

    Args:
        name (str): The key.

    Returns:
        tuple: `(agent, error)`: the character, or `None` and a message saying why not.

    """
    name = name.strip()
    candidates = [
        obj
        for obj in ObjectDB.objects.filter(db_key__iexact=name)
        if isinstance(obj, DefaultCharacter)
    ]
    agents = [obj for obj in candidates if is_agent(obj)]
    if len(agents) == 1:
        return agents[0], None
    if len(agents) > 1:
        return None, f"More than one agent is called '{name}'."
    if candidates:
        return None, f"{candidates[0].key} is not an agent; only agents take requests."
    return None, f"There is no agent called '{name}'."


def all_agents():
    """
    Every character tagged as an agent, by key.

    Returns:
        list: The characters.

    """
    agents = ObjectDB.objects.get_by_tag(key=AGENT_TAG, category=ROLE_CATEGORY)
    return sorted(
        (obj for obj in agents if isinstance(obj, DefaultCharacter)), key=lambda o: o.key.lower()
    )


def requests_of(agent):
    """
    All requests stored on an agent, oldest first.

    Args:
        agent (Object): The agent character.

    Returns:
        list: Request dicts (copies).

    """
    return [dict(entry) for entry in agent.db.timmy_requests or []]


def _bounded(entries):
    """Keep at most REQUEST_LIMIT requests, dropping the oldest finished ones first."""
    entries = list(entries)
    while len(entries) > REQUEST_LIMIT:
        finished = next((i for i, e in enumerate(entries) if e.get("status") != PENDING), 0)
        entries.pop(finished)
    return entries


def make_request(requester, agent, text, now=None):
    """
    Store a request on an agent and tell the agent's sessions.

    Args:
        requester (Object): Who asks.
        agent (Object): The agent character asked.
        text (str): What is asked.
        now (float, optional): The time (Unix seconds); default now.

    Returns:
        dict: The stored request.

    """
    sequence = (agent.db.timmy_request_seq or 0) + 1
    agent.db.timmy_request_seq = sequence
    request = {
        "id": f"req-{agent.id}-{sequence}",
        "from": requester.key,
        "fromDbref": f"#{requester.id}",
        "text": text,
        "at": time.time() if now is None else now,
        "status": PENDING,
    }
    agent.db.timmy_requests = _bounded(requests_of(agent) + [request])
    agent.msg(f"{requester.key} asks you: {text}  (request {request['id']})")
    agent.msg(**{AGENT_REQUEST: {"id": request["id"], "from": request["from"], "text": text}})
    return request


def pending_requests(session, kwargs):
    """
    The `agent_requests {requestId}` request: the caller's pending requests.

    Args:
        session (ServerSession): The requesting session.
        kwargs (dict): The request's keyword arguments.

    Returns:
        dict: `{requests: [{id, from, text, at, status}]}`, oldest first.

    """
    agent = puppet_of(session, AGENT_REQUESTS)
    return {
        "requests": [
            {key: entry.get(key) for key in ("id", "from", "text", "at", "status")}
            for entry in requests_of(agent)
            if entry.get("status") == PENDING
        ]
    }


def finish_request(session, kwargs, now=None):
    """
    The `agent_request_done {requestId, id, status, summary}` request: mark one of the caller's
    requests completed or failed and tell the requester, if online.

    Args:
        session (ServerSession): The requesting session.
        kwargs (dict): The request's keyword arguments.
        now (float, optional): The time (Unix seconds); default now.

    Returns:
        dict: `{id, status, changed}`; `changed` is false when the request was already finished
        (then nothing is changed and nobody is told again).

    """
    agent = puppet_of(session, AGENT_REQUEST_DONE)
    request_id = require_string(kwargs, "id", 100)
    status = kwargs.get("status")
    if status not in FINISHED:
        raise AgentRequestError(INVALID, "status must be 'completed' or 'failed'")
    summary = ""
    if kwargs.get("summary") is not None:
        summary = require_string(kwargs, "summary", MAX_SUMMARY_LENGTH, allow_empty=True)
    entries = requests_of(agent)
    entry = next((e for e in entries if e.get("id") == request_id), None)
    if entry is None:
        raise AgentRequestError(NOT_FOUND, f"{agent.key} has no request {request_id}")
    if entry.get("status") != PENDING:
        return {"id": request_id, "status": entry.get("status"), "changed": False}
    entry.update(status=status, summary=summary, doneAt=time.time() if now is None else now)
    agent.db.timmy_requests = entries
    _tell_requester(agent, entry)
    return {"id": request_id, "status": status, "changed": True}


def _tell_requester(agent, entry):
    """Tell the requester (if it still exists and is online) how its request ended."""
    dbid = str(entry.get("fromDbref") or "").lstrip("#")
    requester = ObjectDB.objects.filter(id=int(dbid)).first() if dbid.isdigit() else None
    if requester is None or not requester.sessions.count():
        return
    verb = "has done" if entry["status"] == "completed" else "could not do"
    asked = entry["text"] if len(entry["text"]) <= 80 else entry["text"][:77] + "..."
    line = f"{agent.key} {verb} what you asked ('{asked}')"
    summary = entry.get("summary")
    requester.msg(f"{line}: {summary}" if summary else f"{line}.")
