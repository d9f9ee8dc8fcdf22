"""
The `write` command: leave a note in the room (`typeclasses/notes.py`).

Contract of the records it feeds: "Agents" in `world-seed/PROTOCOL.md`.

"""

from evennia.utils import create

from commands.command import MuxCommand
from typeclasses.notes import MAX_TEXT_LENGTH, MAX_TITLE_LENGTH, Note


class CmdWrite(MuxCommand):
    """
    leave a note in the room

    Usage:
      write <title> = <text>
      note <title> = <text>

    Writes a note and leaves it here, signed with your name, for
    anyone to read with "read <title>". The title may be at most
    60 characters long and the text at most 2000.

    Example:
      write Greetings = Ezra was here and found the grove peaceful.
    """

    key = "write"
    aliases = ["note"]
    locks = "cmd:all()"
    help_category = "General"

    def func(self):
        caller = self.caller
        title = (self.lhs or "").strip()
        text = (self.rhs or "").strip()
        if not self.rhs or not title or not text:
            caller.msg("Usage: write <title> = <text>")
            return
        if len(title) > MAX_TITLE_LENGTH:
            caller.msg(
                f"That title is too long ({len(title)} characters); a title may have at most "
                f"{MAX_TITLE_LENGTH}."
            )
            return
        if len(text) > MAX_TEXT_LENGTH:
            caller.msg(
                f"That text is too long ({len(text)} characters); a note may hold at most "
                f"{MAX_TEXT_LENGTH}."
            )
            return
        location = caller.location
        if location is None:
            caller.msg("There is nowhere to leave a note.")
            return
        note = create.create_object(
            Note,
            key=title,
            location=location,
            home=location,
            attributes=[
                ("text", text),
                ("author", caller.key),
                ("author_dbref", f"#{caller.id}"),
            ],
        )
        caller.msg(f"You write a note titled '{note.key}' and leave it here.")
        location.msg_contents(
            "$You() $conj(leave) a note titled '{title}' here.",
            exclude=[caller],
            from_obj=caller,
            mapping={"title": note.key},
        )
