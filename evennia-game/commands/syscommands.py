"""
System commands

Evennia runs a command with a system key when an input matches no command (`CMD_NOMATCH`) or
several (`CMD_MULTIMATCH`). Without them it prints an error itself and nothing else learns of
the failure. These system commands print exactly Evennia's own messages and also mark the
input's `cmd_done` marker as failed (`"ok": false` with `"error": "nomatch"` / `"multimatch"`).

They are added to the AccountCmdSet (merged in while logged in, in and out of character) and the
UnloggedinCmdSet in `commands/default_cmdsets.py`.

"""

from django.conf import settings
from django.utils.translation import gettext as _
from evennia.commands.cmdhandler import CMD_MULTIMATCH, CMD_NOMATCH
from evennia.commands.command import Command as BaseCommand
from evennia.utils import utils

from commands.cmd_done import ERROR_MULTIMATCH, ERROR_NOMATCH, pop_tracker

_SEARCH_AT_RESULT = utils.variable_from_module(*settings.SEARCH_AT_RESULT.rsplit(".", 1))
_SYSTEM_KEYS = (CMD_NOMATCH, CMD_MULTIMATCH)


class _SystemCommand(BaseCommand):
    """
    Base of the system commands: never listed in help, usable by everyone.

    """

    locks = "cmd:all()"
    auto_help = False

    def report(self, text, error):
        """
        Show an error the way Evennia's cmdhandler would, and mark the input as failed.

        Args:
            text (str): The error message.
            error (str): The `error` value for the input's `cmd_done` marker.

        """
        tracker = pop_tracker(self)
        if tracker is not None:
            tracker.fail(error)
        cmdid = getattr(self, "cmdid", None)
        self.msg((text, {"cmdid": cmdid}) if cmdid is not None else text)


class CmdNoMatch(_SystemCommand):
    """
    Called when an input matches no command.
    """

    key = CMD_NOMATCH

    def func(self):
        """Print Evennia's "Command '...' is not available." message."""
        raw_string = self.args
        text = _("Command '{command}' is not available.").format(command=raw_string)
        keys = []
        if self.cmdset:
            keys = [
                key
                for key in self.cmdset.get_all_cmd_keys_and_aliases(self.caller)
                if key not in _SYSTEM_KEYS
            ]
        suggestions = utils.string_suggestions(raw_string, keys, cutoff=0.7, maxnum=3)
        if suggestions:
            text += _(" Maybe you meant {command}?").format(
                command=utils.list_to_string(suggestions, endsep=_("or"), addquote=True)
            )
        else:
            text += _(' Type "help" for help.')
        self.report(text, ERROR_NOMATCH)


class CmdMultiMatch(_SystemCommand):
    """
    Called when an input matches more than one command.
    """

    key = CMD_MULTIMATCH

    def func(self):
        """Print Evennia's list of the matching commands."""
        matches = getattr(self, "matches", None) or []
        if matches:
            text = _SEARCH_AT_RESULT(
                [match[2] for match in matches], self.caller, query=matches[0][0]
            )
        else:
            text = _("There were multiple matches.")
        self.report(text, ERROR_MULTIMATCH)
