"""
Input functions of the agents (see settings.INPUT_FUNC_MODULES and world-seed/PROTOCOL.md).

All global functions here whose names do not start with `_` are inputfuncs, called as
`name(session, *args, **kwargs)`.

Every request is answered with one OOB message of its own name, `{requestId, ok: true, ...}` or
`{requestId, ok: false, code, error}` (`world/agent_replies.py`):

- `agent_provision {requestId, name, password, builder?, parent?, role?}` (privileged; the
  superuser or an account in `settings.TIMMY_PRIVILEGED_ACCOUNTS`): create or update an agent's
  account and character (`world/agents.py`).
- `command_help {requestId, commands?}` (logged in): the help text of the commands the caller can
  use (`world/command_help.py`).
- `agent_requests {requestId}` and `agent_request_done {requestId, id, status, summary}` (the
  caller's own character): the in-world requests made to it with `request`
  (`world/agent_requests.py`).
- `world_query {requestId, query, name}` (privileged): facts about characters, rooms and objects
  for success checks (`world/world_query.py`).

Helpers are imported under names starting with `_`, since every public function of this module is
an inputfunc.

"""

from world import agent_replies as _replies
from world import agent_requests as _agent_requests
from world import agents as _agents
from world import command_help as _command_help
from world import world_query as _world_query


def agent_provision(session, *args, **kwargs):
    """
    Privileged: create or update an agent's account and character (PROTOCOL.md, "Agents").

    Keyword Args:
        requestId (str): Echoed in the reply.
        name (str): Account name and character key.
        password (str): The password to set.
        builder (bool): Give (true) or take away (false, default) the Builder permission.
        parent (str): The agent's parent, stored in `db.timmy_parent`.
        role (str): The agent's role, stored in `db.timmy_role`.

    Replies `agent_provision {requestId, ok, account, character: {dbref, key}, created}`.

    """
    kwargs.pop("options", None)
    _replies.handle(session, _agents.AGENT_PROVISION, kwargs, _agents.provision_request)


def command_help(session, *args, **kwargs):
    """
    The help text of the commands the caller's character can use (PROTOCOL.md, "Agents").

    Keyword Args:
        requestId (str): Echoed in the reply.
        commands (list): Only these commands (keys or aliases); default all.

    Replies `command_help {requestId, ok, help: {name: text}, missing: [names]}`.

    """
    kwargs.pop("options", None)
    _command_help.handle_command_help(session, kwargs)


def agent_requests(session, *args, **kwargs):
    """
    The pending in-world requests made to the caller's character (PROTOCOL.md, "Agents").

    Keyword Args:
        requestId (str): Echoed in the reply.

    Replies `agent_requests {requestId, ok, requests: [{id, from, text, at, status}]}`.

    """
    kwargs.pop("options", None)
    _replies.handle(
        session, _agent_requests.AGENT_REQUESTS, kwargs, _agent_requests.pending_requests
    )


def agent_request_done(session, *args, **kwargs):
    """
    Finish an in-world request made to the caller's character (PROTOCOL.md, "Agents").

    Keyword Args:
        requestId (str): Echoed in the reply.
        id (str): The request's id.
        status (str): `completed` or `failed`.
        summary (str): What was done, told to the requester.

    Replies `agent_request_done {requestId, ok, id, status, changed}`.

    """
    kwargs.pop("options", None)
    _replies.handle(
        session, _agent_requests.AGENT_REQUEST_DONE, kwargs, _agent_requests.finish_request
    )


def world_query(session, *args, **kwargs):
    """
    Privileged: facts about a character, a room, or objects by key (PROTOCOL.md, "Agents").

    Keyword Args:
        requestId (str): Echoed in the reply.
        query (str): `character`, `room` or `find`.
        name (str): Key, dbref or seed id (see PROTOCOL.md).

    Replies `world_query {requestId, ok, result}`.

    """
    kwargs.pop("options", None)
    _replies.handle(session, _world_query.WORLD_QUERY, kwargs, _world_query.query_request)
