"""
Unlogged-in commands

Overrides of Evennia's commands for sessions that have not logged in yet:

- `look` (also run by the server as the connection screen) shows the connection screen as
  before and then sends the out-of-band `timmy_hello` capability message.
- `create` asks "Is this what you intended? [Y]/N?" with `yield`; with `CmdDoneMixin` the
  `cmd_done` marker of the answer follows the "A new account ... was created" reply.

"""

from evennia.commands.default.unloggedin import CmdUnconnectedCreate as BaseCmdUnconnectedCreate
from evennia.commands.default.unloggedin import CmdUnconnectedLook as BaseCmdUnconnectedLook

from commands.cmd_done import send_hello
from commands.command import cmd_done_bases


class CmdUnconnectedLook(*cmd_done_bases(BaseCmdUnconnectedLook)):
    """
    look when in unlogged-in state

    Usage:
      look

    Shows the connection screen again.
    """

    def func(self):
        """Show the connection screen, then announce the server's out-of-band features."""
        super().func()
        send_hello(self.session)


class CmdUnconnectedCreate(*cmd_done_bases(BaseCmdUnconnectedCreate)):
    """
    create a new account

    Usage (at login screen):
      create <accountname> <password>
      create "account name" "pass word"

    Creates a new account after asking you to confirm. If your name or
    password contains spaces, enclose it in double quotes.
    """

    pass
