"""
Commands

Commands describe the input the account can do to the game.

The base classes here add `CmdDoneMixin`, which lets the out-of-band `cmd_done` marker (see
`server/conf/inputfuncs.py`) cover commands whose `func` uses `yield`: the marker then waits for
the end of the command instead of following its first part, and exceptions mark the input as
failed. Commands of this game should inherit from `Command` or `MuxCommand` below. To give
Evennia's default commands (and exits) the same treatment, settings.py needs

    COMMAND_DEFAULT_CLASS = "commands.command.MuxCommand"

"""

from evennia.commands.command import Command as BaseCommand
from evennia.commands.default.muxcommand import MuxCommand as BaseMuxCommand

from commands.cmd_done import pop_tracker, unwatch_command, watch_command


class CmdDoneMixin:
    """
    Mixin for Command classes: reports the command's outcome to the `cmd_done` tracker.

    The tracker is the `cmd_done_tracker` attribute that the `text` inputfunc has Evennia set on
    the command instance. Subclasses overriding `at_pre_cmd` must call `super().at_pre_cmd()`.

    """

    def at_pre_cmd(self):
        """
        Called before `parse()`; hooks `func` up to the input's tracker.

        Returns:
            any: A truthy value aborts the command (from the parent class).

        """
        unwatch_command(self)
        abort = super().at_pre_cmd()
        tracker = pop_tracker(self)
        if tracker is not None and not abort:
            watch_command(self, tracker)
        return abort


def cmd_done_bases(base):
    """
    Base classes for a subclass of `base` that should have `CmdDoneMixin`.

    Use as `class MyCmd(*cmd_done_bases(SomeEvenniaCmd))`. Evennia's default commands inherit
    from `settings.COMMAND_DEFAULT_CLASS`; if that is this module's `MuxCommand` they already
    have the mixin, and naming it again in front would give an impossible method order.

    Args:
        base (type): The command class to subclass.

    Returns:
        tuple: `(base,)` if `base` has the mixin already, else `(CmdDoneMixin, base)`.

    """
    return (base,) if issubclass(base, CmdDoneMixin) else (CmdDoneMixin, base)


class Command(CmdDoneMixin, BaseCommand):
    """
    Base command (you may see this if a child command had no help text defined)

    Note that the class's `__doc__` string is used by Evennia to create the
    automatic help entry for the command, so make sure to document consistently
    here. Without setting one, the parent's docstring will show (like now).

    """

    # Each Command class implements the following methods, called in this order
    # (only func() is actually required):
    #
    #     - at_pre_cmd(): If this returns anything truthy, execution is aborted.
    #     - parse(): Should perform any extra parsing needed on self.args
    #         and store the result on self.
    #     - func(): Performs the actual work.
    #     - at_post_cmd(): Extra actions, often things done after
    #         every command, like prompts.
    #
    pass


class MuxCommand(CmdDoneMixin, BaseMuxCommand):
    """
    Base class for MUX-style commands (`cmd/switch lhs = rhs`), as Evennia's defaults use.

    This is Evennia's MuxCommand with `CmdDoneMixin`. Point `COMMAND_DEFAULT_CLASS` in
    settings.py at it to give all default commands the mixin.

    """

    pass
