"""
Input functions

Input functions are always called from the client (they handle server input, hence the name).
This module is loaded by being included in `settings.INPUT_FUNC_MODULES` (by default after
`evennia.server.inputfuncs`, so same-named functions here replace Evennia's). All *global
functions* defined in this module whose names do not start with `_` are inputfuncs, called as
`cmdname(session, *args, **kwargs)`.

Timmy's out-of-band command-correlation protocol (version 1)
============================================================

The `text` inputfunc below replaces Evennia's so that every command input gets a completion
marker. The helpers live in `commands/cmd_done.py`.

Server -> client
----------------

`timmy_hello` {"protocol": 1, "features": ["cmd_done", "cmd_start"], "max_command_rate": <inputs/s>}
    Sent when the connection screen is shown (after its text; the unlogged-in `look`, which
    the server runs on connect, `commands/unloggedin.py`) and after login
    (`Account.at_post_login`, after Evennia's own login messages). A client that never gets it
    talks to a stock Evennia and should fall back to a quiet-period heuristic.

`cmd_start` {"cmdid": <id or null>, "command": <line>}
    Sent to the session that sent a command input when the server begins to run it, before
    any of its output, for exactly the inputs that get a `cmd_done`. Text that reached the
    client between sending the line and `cmd_start` was already on its way (another
    character arriving, a channel message) and is not the command's output. Between the two
    markers, only a command that yields lets other events in.

`cmd_done` {"cmdid": <id or null>, "command": <line>, "ok": <bool>, ...}
    Sent to the session that sent a command input, after all the output of that command.

    - `cmdid`: the id the client sent with the input, unchanged (any JSON value), else null.
    - `command`: the input line as the client sent it (before nick replacement, without its
      line break); null if the input carried no line.
    - `ok`: false when the server detected a failure, with `error` saying which:
      `"nomatch"` (no such command: "Command 'x' is not available. ..."), `"multimatch"`
      (ambiguous command), `"exception"` (the command raised an error; detected for commands
      derived from `commands.command.Command`/`MuxCommand`, see below), `"nocommand"` (a
      `text` message without a line). true only means that no failure was detected, not that
      the in-game action succeeded ("You can't get that." is still ok).
    - `awaiting_input`: true when the command ended by asking a question (`yield "..."` or
      `get_input`, e.g. `create` asks "Is this what you intended? [Y]/N?"): the next line
      the client sends is taken as the answer, and that line gets its own `cmd_done` after
      the command's reaction to it.

    Sent for every input: logged in or not, exits, unknown commands, commands that print
    nothing (`idle` is answered at once), and commands that `yield` (see below). Not sent for
    the connection screen the server runs by itself on connect, for lines a running command
    injects with `session.execute_cmd` (they belong to the outer input), nor for lines the
    Portal drops before they reach the server (over `MAX_CHAR_LIMIT`, or over
    `MAX_COMMAND_RATE` - the client then gets an in-band warning instead). `quit` closes the
    connection, so its marker is usually not delivered.

Wire format: GMCP `Timmy.Hello {...}`, `Cmd.Start {...}` and `Cmd.Done {...}` over telnet (after `IAC DO GMCP`;
without GMCP Evennia drops out-of-band messages on telnet); over the websocket
`["timmy_hello", [], {...}]` and `["cmd_done", [], {...}]`, where Evennia adds an `"options"`
key to the kwargs that clients should ignore.

Client -> server
----------------

- Websocket: `["text", ["look"], {"cmdid": 7}]` (Evennia's own webclient already sends a
  `cmdid` kwarg).
- Telnet + GMCP: `Core.Text {"command": "look", "cmdid": 7}`. GMCP cannot carry args and kwargs
  together, so the line may also come as the `command` kwarg (any protocol; an arg wins).
- Plain telnet lines and `Core.Text "look"` work as before, with `"cmdid": null`; a client that
  sends one line at a time can still pair markers with lines in order.

Other kwargs are set as attributes on the Command instance, as in stock Evennia (`cmdid` is
also echoed by Evennia in the text kwargs of its error messages).

How the marker finds the end of a command
-----------------------------------------

`evennia.commands.cmdhandler.cmdhandler()` is an `inlineCallbacks` function: it returns a
Deferred that fires once matching, `at_pre_cmd`, `parse`, `func` and `at_post_cmd` have run. In
5.0.1 it traps every error (no-match and multi-match messages, untrapped exceptions reported
with a traceback message, missing cmdsets), so the Deferred fires with `None` in all those
cases, and with default commands it has already fired when `cmdhandler()` returns. Output is
written synchronously along `msg()` -> `ServerSession.data_out` -> `SessionHandler.data_out`
-> one AMP connection to the Portal -> the client connection, the path the marker takes too, so
a marker sent from the Deferred's callback arrives after everything the command printed.

The exception is a `func` that uses `yield`: `cmdhandler` runs it up to its first `yield`,
schedules the rest (`utils.delay` for `yield <seconds>`, the next input line for
`yield "question"`) and fires the Deferred; `at_post_cmd` runs only when the generator ends.
A marker sent from the Deferred would then come too early, and one sent from `at_post_cmd` alone
would miss exits, unknown commands, `at_pre_cmd` aborts, errors, `idle` and every default
command (they do not inherit from this game's classes unless settings say so).

So both are used: the Deferred callback is the general hook, and `commands.command.CmdDoneMixin`
(in `Command` and `MuxCommand`, and the unlogged-in `create`) wraps a yielding `func` so the
marker is held until the command ends, fails, or asks a question. A question asked by a
yielding command without the mixin is taken over once the input that asked it is handled
(`commands.cmd_done`), so the answer's marker still follows the command's reaction. A command
that defers work in other ways (calling `utils.delay` or threads itself) is done, for this
protocol, when its `func` returns. Evennia's default commands get the mixin (and with it
`"error": "exception"` and exact markers for `yield <seconds>`) only with
`COMMAND_DEFAULT_CLASS = "commands.command.MuxCommand"` in settings.py.

World as code, perception and heartbeats
=======================================

The out-of-band messages agreed with the TypeScript side in `world-seed/PROTOCOL.md`:

- `world_snapshot {requestId}` and `world_apply {requestId, operations, dryRun?}` (privileged:
  the superuser or an account in `settings.TIMMY_PRIVILEGED_ACCOUNTS`; implemented in
  `world/seeding.py`). Replies carry the same `requestId`; refusals and failures are
  `timmy_error {requestId, code, message}` and are logged.
- `room_info_subscribe {enabled}` switches the structured `room_info` message on or off for the
  session (`world/perception.py`).
- `heartbeat {status?, note?, requestId?}` records the caller's heartbeat on the Heartbeat Shrine
  and replies `heartbeat_ack {requestId, at}` (`typeclasses/shrine.py`).

Helpers live in those modules and are imported here under names starting with `_`, since every
public function of this module is an inputfunc.

"""

from django.conf import settings
from evennia.commands.cmdhandler import CMD_LOGINSTART, cmdhandler

from commands.cmd_done import (
    ERROR_NOCOMMAND,
    TRACKER_KWARG,
    CmdDoneTracker,
    in_tracked_input,
    run_tracked,
)
from typeclasses import shrine as _shrine
from world import perception as _perception
from world import seeding as _seeding

# always let "idle" work since the webclient uses it as a keepalive (as Evennia does)
_IDLE_COMMAND = settings.IDLE_COMMAND
_IDLE_COMMAND = (_IDLE_COMMAND,) if _IDLE_COMMAND == "idle" else (_IDLE_COMMAND, "idle")

_STRIP_INCOMING_MXP = settings.MXP_ENABLED and settings.MXP_OUTGOING_ONLY
_STRIP_MXP = None


def _maybe_strip_incoming_mxp(txt):
    """
    Remove MXP tags from input when MXP is only used for output (as Evennia does).

    Args:
        txt (str): The input line.

    Returns:
        str: The line, without MXP tags if they are stripped.

    """
    global _STRIP_MXP
    if _STRIP_INCOMING_MXP:
        if not _STRIP_MXP:
            from evennia.utils.ansi import strip_mxp as _STRIP_MXP
        return _STRIP_MXP(txt)
    return txt


def text(session, *args, **kwargs):
    """
    Main text input from the client. This will execute a command string on the server and
    then send the out-of-band `cmd_done` marker to the session.

    Args:
        session (Session): The active Session to receive the input.
        text (str): First arg is used as text-command input. Other arguments are ignored.

    Keyword Args:
        command (str): The command line, if no arg is given (for GMCP `Core.Text {...}`).
        cmdid (any): Client's id for this input, echoed in `cmd_done`.
        any: Other kwargs are set as attributes on the Command instance.

    """
    kwargs.pop("options", None)
    kwargs.pop(TRACKER_KWARG, None)
    command = kwargs.pop("command", None)
    txt = args[0] if args else command
    if txt is not None and not isinstance(txt, str):
        txt = str(txt)
    cmdid = kwargs.get("cmdid")

    tracker = None
    if not in_tracked_input(session) and not (txt == CMD_LOGINSTART and cmdid is None):
        line = txt.rstrip("\r\n") if txt is not None else None
        tracker = CmdDoneTracker(session, cmdid, line)
        tracker.start()

    # explicitly check for None since text can be an empty string, which is also valid
    if txt is None:
        if tracker:
            tracker.fail(ERROR_NOCOMMAND)
            tracker.send()
        return
    # handle the 'idle' command
    if txt.strip() in _IDLE_COMMAND:
        session.update_session_counters(idle=True)
        if tracker:
            tracker.send()
        return

    txt = _maybe_strip_incoming_mxp(txt)

    if session.account:
        # nick replacement
        puppet = session.puppet
        if puppet:
            txt = puppet.nicks.nickreplace(txt, categories=("inputline"), include_account=True)
        else:
            txt = session.account.nicks.nickreplace(
                txt, categories=("inputline"), include_account=False
            )
    if tracker:
        run_tracked(session, txt, tracker, **kwargs)
    else:
        cmdhandler(session, txt, callertype="session", session=session, **kwargs)
    session.update_session_counters()


def world_snapshot(session, *args, **kwargs):
    """
    Privileged: list the world (PROTOCOL.md).

    Keyword Args:
        requestId (str): Echoed in the reply.

    Replies `world_snapshot {requestId, objects}` or `timmy_error {requestId, code, message}`.

    """
    kwargs.pop("options", None)
    _seeding.handle_world_snapshot(session, kwargs)


def world_apply(session, *args, **kwargs):
    """
    Privileged: create, update and delete world objects in one transaction (PROTOCOL.md).

    Keyword Args:
        requestId (str): Echoed in the reply.
        operations (list): The operations.
        dryRun (bool): Only validate.

    Replies `world_apply {requestId, results}` or `timmy_error {requestId, code, message}`.

    """
    kwargs.pop("options", None)
    _seeding.handle_world_apply(session, kwargs)


def room_info_subscribe(session, *args, **kwargs):
    """
    Switch the structured `room_info` message on or off for this session (PROTOCOL.md).

    Keyword Args:
        enabled (bool): On (default) or off. May also come as the only argument.

    While on, `room_info` is sent at once, after every look, after every move of the
    session's character and when the contents of its room change.

    """
    enabled = kwargs.get("enabled", args[0] if args else True)
    _perception.subscribe(session, enabled=enabled is not False and enabled != "false")


def heartbeat(session, *args, **kwargs):
    """
    Record a heartbeat of the session's character on the Heartbeat Shrine (PROTOCOL.md).

    Keyword Args:
        status (str): What the agent reports.
        note (str): A free note.
        interval (number): Seconds between this agent's heartbeats; the shrine marks it stale
            only after it has missed that many of its own intervals.
        requestId (str): Echoed in the reply.

    Replies `heartbeat_ack {requestId, at}` (`at` in Unix seconds), or `timmy_error` with code
    `forbidden` (no character) or `failed` (no shrine in the world).

    """
    request_id = kwargs.get("requestId")
    puppet = session.puppet if session.logged_in else None
    if puppet is None:
        _seeding.reply_error(
            session, request_id, "forbidden", "heartbeat needs a logged-in character", "heartbeat"
        )
        return
    shrine = _shrine.find_shrine()
    if shrine is None:
        _seeding.reply_error(
            session, request_id, "failed", "there is no Heartbeat Shrine in the world", "heartbeat"
        )
        return
    at = shrine.record_heartbeat(
        puppet,
        status=kwargs.get("status"),
        note=kwargs.get("note"),
        interval=kwargs.get("interval"),
    )
    session.msg(heartbeat_ack={"requestId": request_id, "at": at})
