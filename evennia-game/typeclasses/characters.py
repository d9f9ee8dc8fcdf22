"""
Characters

Characters are (by default) Objects setup to be puppeted by Accounts.
They are what you "see" in game. The Character class in this module
is setup to be the "default" character type created by the default
creation commands.

Timmy's agents are characters tagged `agent` in category `timmy_role`. The hooks below keep
the structured `room_info` perception (`world/perception.py`) up to date for subscribed sessions.

"""

from evennia.objects.objects import DefaultCharacter

from world import perception as _perception

from .objects import ObjectParent


class Character(ObjectParent, DefaultCharacter):
    """
    The Character just re-implements some of the Object's methods and hooks
    to represent a Character entity in-game.

    See mygame/typeclasses/objects.py for a list of
    properties and methods available on all Object child classes like this.

    """

    def at_post_move(self, source_location, move_type="move", **kwargs):
        """
        After a move: look around (Evennia's default), then send `room_info` to subscribed
        sessions.

        Args:
            source_location (Object or None): Where the character came from.
            move_type (str): The kind of move.
            **kwargs: Passed on by `move_to`.

        """
        super().at_post_move(source_location, move_type=move_type, **kwargs)
        _perception.notify_character(self)

    def at_post_puppet(self, **kwargs):
        """
        After a session starts puppeting this character: a session that subscribed to
        `room_info` while out of character gets it now.

        Args:
            **kwargs: Passed on by the puppeting code.

        """
        super().at_post_puppet(**kwargs)
        _perception.notify_character(self)

    def at_post_unpuppet(self, account=None, session=None, **kwargs):
        """
        After a session stops puppeting: when the character leaves the grid, the room it was
        in has changed.

        Args:
            account (Account, optional): The account that stopped puppeting.
            session (Session, optional): Its session.
            **kwargs: Passed on by the unpuppeting code.

        """
        location = self.location
        super().at_post_unpuppet(account=account, session=session, **kwargs)
        if location is not None and self.location is None:
            _perception.contents_changed(location, skip=(self,))
