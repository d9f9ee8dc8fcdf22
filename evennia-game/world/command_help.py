"""
The `command_help` request: the help text of the commands a character can use.

Contract: "Agents" in `world-seed/PROTOCOL.md`. The agents build their tool descriptions from it.

The commands are those `room_info` lists (`world/perception.py`): Evennia's own cmdset merge for
the session, keeping the commands the caller passes the `cmd` lock of, named as `help` names them
(`dig` for `@dig`). The text is what `help <command>` shows between its separator lines: the
command's `get_help()` (its docstring), dedented, without Evennia's colour and link markup.

Not an inputfunc module.

"""

from textwrap import dedent

from django.conf import settings
from evennia.commands.cmdhandler import generate_cmdset_providers, get_and_merge_cmdsets
from evennia.help.utils import parse_entry_for_subcategories
from evennia.utils import logger
from evennia.utils.ansi import strip_ansi, strip_mxp
from twisted.internet.defer import maybeDeferred

from world.agent_replies import FAILED, FORBIDDEN, INVALID, reply_error, reply_ok

COMMAND_HELP = "command_help"
MAX_ASKED = 200


def display_key(key, keys):
    """
    A command key as `help` and `room_info` show it: an ignored prefix (`@dig`) is dropped unless
    another command has the bare key.

    Args:
        key (str): The command's key.
        keys (set): The keys of all usable commands.

    Returns:
        str: The key shown.

    """
    if len(key) > 1 and key[0] in settings.CMD_IGNORE_PREFIXES and key[1:] not in keys:
        return key[1:]
    return key


def usable_commands(cmdset, caller):
    """
    The commands of a merged cmdset that `caller` may use, by displayed key.

    Args:
        cmdset (CmdSet or None): The merged cmdset.
        caller (Object or Account): Who would use them.

    Returns:
        dict: `{displayed key: Command}`.

    """
    if not cmdset:
        return {}
    usable = [cmd for cmd in cmdset if not cmd.key.startswith("__") and cmd.access(caller, "cmd")]
    keys = {cmd.key for cmd in usable}
    return {display_key(cmd.key, keys): cmd for cmd in usable}


def help_text(cmd, caller, cmdset):
    """
    The plain help text of a command, as `help <command>` shows it.

    Args:
        cmd (Command): The command.
        caller (Object or Account): Who asks.
        cmdset (CmdSet): The merged cmdset it comes from.

    Returns:
        str: The text, without markup.

    """
    text = cmd.get_help(caller, cmdset) or ""
    text = dedent(text.strip("\n"))
    text = parse_entry_for_subcategories(text)[None]
    return strip_ansi(strip_mxp(text)).strip()


def _asked_commands(kwargs):
    """The `commands` kwarg: None (all) or a list of names."""
    asked = kwargs.get("commands")
    if asked is None:
        return None
    if (
        not isinstance(asked, list)
        or len(asked) > MAX_ASKED
        or not all(isinstance(name, str) and name.strip() for name in asked)
    ):
        raise ValueError(f"commands must be a list of at most {MAX_ASKED} command names")
    return [name.strip() for name in asked]


def select(commands, asked):
    """
    The commands asked for, by the name asked (a displayed key, a key or an alias).

    Args:
        commands (dict): `{displayed key: Command}` from `usable_commands`.
        asked (list or None): Names asked for; None for all.

    Returns:
        tuple: `({name: Command}, [names not found])`.

    """
    if asked is None:
        return dict(commands), []
    by_name = {}
    for shown, cmd in commands.items():
        for name in [shown, cmd.key, *cmd.aliases]:
            by_name.setdefault(name.lower(), cmd)
    found, missing = {}, []
    for name in asked:
        cmd = by_name.get(name.lower())
        if cmd is None:
            missing.append(name)
        else:
            found[name] = cmd
    return found, missing


def handle_command_help(session, kwargs):
    """
    The `command_help {requestId, commands?}` request: reply
    `command_help {requestId, ok: true, help: {name: text}, missing: [names]}`.

    Args:
        session (ServerSession): The requesting session (logged in).
        kwargs (dict): The request's keyword arguments.

    """
    request_id = kwargs.get("requestId")
    if not getattr(session, "logged_in", False) or session.account is None:
        reply_error(session, COMMAND_HELP, request_id, FORBIDDEN, "command_help needs a login")
        return
    try:
        asked = _asked_commands(kwargs)
    except ValueError as err:
        reply_error(session, COMMAND_HELP, request_id, INVALID, str(err))
        return

    _, providers, _, caller, _ = generate_cmdset_providers(session, session=session)

    def _reply(cmdset):
        found, missing = select(usable_commands(cmdset, caller), asked)
        texts = {name: help_text(cmd, caller, cmdset) for name, cmd in sorted(found.items())}
        reply_ok(session, COMMAND_HELP, request_id, {"help": texts, "missing": missing})

    def _failed(failure):
        logger.log_err(f"command_help: {failure.getErrorMessage()}")
        reply_error(session, COMMAND_HELP, request_id, FAILED, "could not collect the commands")

    deferred = maybeDeferred(get_and_merge_cmdsets, caller, providers, "session", "")
    deferred.addCallback(_reply)
    deferred.addErrback(_failed)
