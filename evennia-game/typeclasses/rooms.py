"""
Room

Rooms are simple containers that has no location of their own.

"""

from evennia.objects.objects import DefaultRoom

from world import perception as _perception

from .objects import ObjectParent


class Room(ObjectParent, DefaultRoom):
    """
    Rooms are like any Object, except their location is None
    (which is default). They also use basetype_setup() to
    add locks so they cannot be puppeted or picked up.
    (to change that, use at_object_creation instead)

    See mygame/typeclasses/objects.py for a list of
    properties and methods available on all Objects.
    """

    def at_object_leave(self, moved_obj, target_location, move_type="move", **kwargs):
        """
        Called just before an object leaves this room (it is still inside).

        The `room_info` subscribers here are normally told once the object has arrived, by the
        destination's `at_object_receive` (`ObjectParent`); when the destination has no such
        hook (another typeclass family, or no destination at all) they are told now, with the
        leaving object left out.

        Args:
            moved_obj (Object): The object leaving.
            target_location (Object or None): Where it goes.
            move_type (str): The kind of move.
            **kwargs: Passed on by `move_to`.

        """
        super().at_object_leave(moved_obj, target_location, move_type=move_type, **kwargs)
        if not getattr(target_location, "timmy_reports_arrivals", False):
            _perception.contents_changed(self, hide=(moved_obj,))


class AssessmentCircle(Room):
    """
    An Assessment Circle of the Teaching Grove: the room where rites of passage will be run.

    No rite engine exists yet: `db.rite` is `None` and the room says that no rite is in progress.

    """

    def at_object_creation(self):
        """Called once, when the room is created: no rite is running."""
        super().at_object_creation()
        self.db.rite = None

    def get_display_footer(self, looker, **kwargs):
        """
        The last line of the room's appearance: the state of the rite.

        Args:
            looker (Object): Who looks.
            **kwargs: Passed on by `return_appearance`.

        Returns:
            str: The footer.

        """
        rite = self.db.rite
        if rite is None:
            return "|wThe circle is quiet:|n no rite is in progress."
        return f"|wA rite is in progress:|n {rite}"
