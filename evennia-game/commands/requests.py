"""
The `request` command: ask an agent for something (`world/agent_requests.py`).

Contract: "Agents" in `world-seed/PROTOCOL.md`.

"""

from commands.command import MuxCommand
from world import agent_requests as _agent_requests


class CmdRequest(MuxCommand):
    """
    ask an agent to do something for you

    Usage:
      request <agent> = <what you want done>

    Sends a request to an agent (a character driven by an AI), wherever
    it is in the game. The agent gets it at once if it is online, or
    when it next looks at its requests. When it has finished, it tells
    you how it went if you are online. The text may be at most 1000
    characters long.

    Example:
      request Ezra = read the stone of patience and tell me what it says
    """

    key = "request"
    locks = "cmd:all()"
    help_category = "General"

    def func(self):
        caller = self.caller
        name = (self.lhs or "").strip()
        text = (self.rhs or "").strip()
        if not self.rhs or not name or not text:
            caller.msg("Usage: request <agent> = <what you want done>")
            return
        limit = _agent_requests.MAX_REQUEST_LENGTH
        if len(text) > limit:
            caller.msg(
                f"That request is too long ({len(text)} characters); it may have at most {limit}."
            )
            return
        agent, error = _agent_requests.find_agent(name)
        if agent is None:
            caller.msg(error)
            return
        if agent == caller:
            caller.msg("You cannot send a request to yourself.")
            return
        request = _agent_requests.make_request(caller, agent, text)
        online = "" if agent.sessions.count() else f" {agent.key} is offline and will see it later."
        caller.msg(f"You ask {agent.key}: {text}  (request {request['id']}).{online}")
