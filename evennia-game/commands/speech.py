"""
`say` and `page`, as Evennia's, with a record of what was said and paged.

The records (`world/records.py`, contract "Agents" in `world-seed/PROTOCOL.md`) let the agents'
success checks see speech through the privileged `world_query`: `say` appends to the room's
speech, `page` to the receiving characters' pages.

"""

from evennia.commands.default.comms import CmdPage as EvenniaCmdPage
from evennia.commands.default.general import CmdSay as EvenniaCmdSay
from evennia.comms.models import Msg

from commands.command import cmd_done_bases
from world import records as _records


class CmdSay(*cmd_done_bases(EvenniaCmdSay)):
    """
    speak as your character

    Usage:
      say <message>

    Talk to those in your current location.
    """

    def func(self):
        caller = self.caller
        if not self.args:
            caller.msg("Say what?")
            return
        speech = caller.at_pre_say(self.args)
        if not speech:
            return
        caller.at_say(speech, msg_self=True)
        if caller.location is not None:
            _records.record_speech(caller.location, caller, speech)


def _page_characters(receiver):
    """The characters that record a page to `receiver` (an account, or a character)."""
    if not hasattr(receiver, "characters"):
        return [receiver] if hasattr(receiver, "attributes") else []
    puppets = [session.puppet for session in receiver.sessions.all() if session.puppet is not None]
    return list(dict.fromkeys(puppets)) or list(receiver.characters.all())


class CmdPage(*cmd_done_bases(EvenniaCmdPage)):
    """
    send a private message to another account

    Usage:
      page <account> <message>
      page[/switches] [<account>,<account>,... = <message>]
      tell        ''
      page <number>

    Switches:
      last - shows who you last messaged
      list - show your last <number> of tells/pages (default)

    Send a message to target user (if online). If no argument is given, you
    will get a list of your latest messages. The equal sign is needed for
    multiple targets or if sending to target with space in the name.

    """

    def func(self):
        newest = Msg.objects.order_by("-id").values_list("id", flat=True).first() or 0
        super().func()
        sent = Msg.objects.get_messages_by_sender(self.caller).filter(
            id__gt=newest, db_tags__db_key="page", db_tags__db_category="comms"
        )
        puppet = self.session.puppet if self.session else None
        sender = puppet.key if puppet is not None else self.caller.key
        for message in sent:
            for receiver in message.receivers:
                for character in _page_characters(receiver):
                    _records.record_page(character, sender, message.message)
