"""
Notes: short texts that characters leave in a room for others to read.

`write <title> = <text>` (`commands/notes.py`) creates a `Note` in the writer's room; the title is
its key, the text its `text` attribute, and the writer is remembered in `author` (key) and
`author_dbref`. Anyone reads it with `read <title>` (`typeclasses/lessons.py`, `CmdRead`), which
records the read (`world/records.py`). Notes are ordinary things in the room, so `room_info`
lists them.

"""

from .objects import Object

#: The longest title and text a note may have (characters).
MAX_TITLE_LENGTH = 60
MAX_TEXT_LENGTH = 2000


class Note(Object):
    """
    A note left in a room: a title (its key), a text and an author.
    """

    default_description = "A folded sheet of paper with writing on it."

    def get_teachings(self):
        """
        What `read` shows: the note's text, signed by its author.

        Returns:
            list: One text.

        """
        text = self.db.text or ""
        author = self.db.author
        return [f"{text}\n\n  - {author}" if author else text]

    def get_display_footer(self, looker, **kwargs):
        """
        The note's appearance ends with its author and a hint how to read it.

        Args:
            looker (Object): Who looks.
            **kwargs: Passed on by `return_appearance`.

        Returns:
            str: The footer.

        """
        author = self.db.author or "someone"
        return f"A note written by {author}. Use |wread {self.key}|n to read it."
