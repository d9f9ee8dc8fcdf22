"""
The `look` command, extended with structured perception.

After Evennia's `look` has shown its text, a session that subscribed to `room_info`
(`world/perception.py`, contract in `world-seed/PROTOCOL.md`) gets the room's `room_info` too,
whatever was looked at.

"""

from evennia.commands.default.general import CmdLook as EvenniaCmdLook

from commands.command import cmd_done_bases
from world import perception as _perception


class CmdLook(*cmd_done_bases(EvenniaCmdLook)):
    """
    look at location or object

    Usage:
      look
      look <obj>
      look *<account>

    Observes your location or objects in your vicinity.
    """

    def func(self):
        super().func()
        if _perception.is_subscribed(self.session):
            _perception.send_room_info(self.session)
