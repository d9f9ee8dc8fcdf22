"""
The Heartbeat Shrine (Fraternity Hall): it monitors all lineage members.

An agent's character sends the out-of-band `heartbeat {status?, note?, requestId?}` message
(`server/conf/inputfuncs.py`, contract in `world-seed/PROTOCOL.md`); the shrine records it
(`HeartbeatShrine.record_heartbeat`). A `HeartbeatWatch` script on the shrine wakes every
`settings.TIMMY_HEARTBEAT_INTERVAL` seconds and marks a member stale once it has missed
`settings.TIMMY_HEARTBEAT_STALE_AFTER` intervals, saying so in the shrine's room.

Looking at the shrine (`look shrine`) or the `shrine` command (available where the shrine is)
shows each member's last heartbeat, whether it is alive or stale, and its age.

The records live in the attribute `heartbeats` in category `timmy_state` (runtime state, so
not part of the world snapshot): `{ "<object id>": {key, dbref, at, status, note, stale} }`.

"""

import time
from datetime import datetime, timezone

from django.conf import settings
from evennia import CmdSet
from evennia.objects.models import ObjectDB
from evennia.objects.objects import DefaultCharacter

from commands.command import Command
from world.tags import AGENT_TAG, ROLE_CATEGORY

from .objects import Object
from .scripts import Script

STATE_CATEGORY = "timmy_state"
HEARTBEATS = "heartbeats"


def heartbeat_interval():
    """Seconds between two checks of the shrine (`settings.TIMMY_HEARTBEAT_INTERVAL`, 60)."""
    return max(1, int(getattr(settings, "TIMMY_HEARTBEAT_INTERVAL", 60)))


def stale_after():
    """Missed intervals before a member is stale (`settings.TIMMY_HEARTBEAT_STALE_AFTER`, 3)."""
    return max(1, int(getattr(settings, "TIMMY_HEARTBEAT_STALE_AFTER", 3)))


def format_age(seconds):
    """
    A short human-readable age.

    Args:
        seconds (float): Age in seconds.

    Returns:
        str: e.g. `"42s"`, `"3m 5s"`, `"2h 1m"`, `"3d 4h"`.

    """
    seconds = max(0, int(seconds))
    days, rest = divmod(seconds, 86400)
    hours, rest = divmod(rest, 3600)
    minutes, secs = divmod(rest, 60)
    if days:
        return f"{days}d {hours}h"
    if hours:
        return f"{hours}h {minutes}m"
    if minutes:
        return f"{minutes}m {secs}s"
    return f"{secs}s"


def find_shrine():
    """
    The Heartbeat Shrine of the world: the first object (lowest id) of typeclass
    `HeartbeatShrine` or a subclass.

    Returns:
        HeartbeatShrine or None: The shrine, if there is one.

    """
    return HeartbeatShrine.objects.all_family().order_by("id").first()


class HeartbeatWatch(Script):
    """
    Wakes every `TIMMY_HEARTBEAT_INTERVAL` seconds and has its shrine mark the members that
    missed `TIMMY_HEARTBEAT_STALE_AFTER` intervals as stale.

    """

    def at_script_creation(self):
        """Called once, when the script is created."""
        self.key = "heartbeat_watch"
        self.desc = "Marks lineage members stale when their heartbeats stop."
        self.interval = heartbeat_interval()
        self.persistent = True

    def at_repeat(self, **kwargs):
        """Called every interval."""
        shrine = self.obj
        if shrine is not None and hasattr(shrine, "check_stale"):
            shrine.check_stale()


class CmdShrine(Command):
    """
    read the Heartbeat Shrine

    Usage:
      shrine

    Shows every lineage member's last heartbeat: when it came, whether the member
    is alive or stale (it missed several heartbeats), and what it reported. Agents
    send heartbeats out of band; this only reads them. Same as "look shrine".
    """

    key = "shrine"
    locks = "cmd:all()"
    help_category = "Lineage"

    def func(self):
        self.msg(text=(self.obj.heartbeat_report(self.caller), {"type": "shrine"}))


class ShrineCmdSet(CmdSet):
    """Commands available in the room of the Heartbeat Shrine."""

    key = "heartbeat_shrine"

    def at_cmdset_creation(self):
        self.add(CmdShrine())


class HeartbeatShrine(Object):
    """
    The Heartbeat Shrine: records the heartbeats of lineage members and watches for silence.

    """

    default_description = (
        "A low shrine of dark stone. A flame burns in its hollow, and around it are carved the "
        "names of the lineage; each name glows while its bearer's heart still beats."
    )

    def at_object_creation(self):
        """Called once, when the shrine is created: its command and its watch."""
        super().at_object_creation()
        self.cmdset.add_default(ShrineCmdSet, persistent=True)
        self.locks.add("get:false()")
        self.ensure_watch()

    def ensure_watch(self):
        """
        Start the `HeartbeatWatch` script on the shrine unless it has one.

        Returns:
            HeartbeatWatch: The script.

        """
        found = self.scripts.get("heartbeat_watch")
        if found:
            return found[0]
        self.scripts.add(HeartbeatWatch, autostart=True)
        return self.scripts.get("heartbeat_watch")[0]

    # records

    def get_heartbeats(self):
        """
        All heartbeat records.

        Returns:
            dict: `{ "<object id>": {key, dbref, at, status, note, stale} }` (a copy).

        """
        records = self.attributes.get(HEARTBEATS, category=STATE_CATEGORY, default=None) or {}
        return {str(k): dict(v) for k, v in records.items()}

    def _save_heartbeats(self, records):
        self.attributes.add(HEARTBEATS, records, category=STATE_CATEGORY)

    def record_heartbeat(self, character, status=None, note=None, now=None, interval=None):
        """
        Record a heartbeat of a lineage member.

        A member that was stale comes back to life, and the room is told.

        Args:
            character (Object): The member's character.
            status (str, optional): What the agent reports ("working", "idle", ...).
            note (str, optional): A free note.
            now (float, optional): The time (Unix seconds); default now.
            interval (float, optional): How often this member says it beats (seconds); it is
                marked stale only after missing that many of its own intervals, never sooner
                than the shrine's.

        Returns:
            float: The recorded time (Unix seconds).

        """
        now = time.time() if now is None else float(now)
        try:
            interval = float(interval) if interval is not None else None
        except (TypeError, ValueError):
            interval = None
        if interval is not None and not 0 < interval <= 86400:
            interval = None
        records = self.get_heartbeats()
        previous = records.get(str(character.id))
        records[str(character.id)] = {
            "key": character.key,
            "dbref": f"#{character.id}",
            "at": now,
            "status": None if status is None else str(status),
            "note": None if note is None else str(note),
            "stale": False,
            "interval": interval,
        }
        self._save_heartbeats(records)
        if previous and previous.get("stale") and self.location:
            self.location.msg_contents(
                f"The flame of the Heartbeat Shrine flares: {character.key}'s heartbeat has "
                "returned."
            )
        return now

    def check_stale(self, now=None):
        """
        Mark members stale whose last heartbeat is older than the allowed number of intervals,
        and say so in the room.

        Args:
            now (float, optional): The time (Unix seconds); default now.

        Returns:
            list: Keys of the members that became stale now.

        """
        now = time.time() if now is None else float(now)
        shrine_interval = heartbeat_interval()
        records = self.get_heartbeats()
        newly_stale = []
        for record in records.values():
            limit = max(shrine_interval, float(record.get("interval") or 0)) * stale_after()
            if not record.get("stale") and now - float(record.get("at") or 0) > limit:
                record["stale"] = True
                newly_stale.append(record.get("key"))
        if newly_stale:
            self._save_heartbeats(records)
            if self.location:
                for key in newly_stale:
                    self.location.msg_contents(
                        f"The Heartbeat Shrine dims: {key} has missed {stale_after()} heartbeats "
                        "and is marked stale."
                    )
        return newly_stale

    # appearance

    def _silent_agents(self, records):
        """Agent characters that never sent a heartbeat."""
        agents = ObjectDB.objects.get_by_tag(key=AGENT_TAG, category=ROLE_CATEGORY)
        return sorted(
            (
                obj
                for obj in agents
                if isinstance(obj, DefaultCharacter) and str(obj.id) not in records
            ),
            key=lambda obj: obj.key.lower(),
        )

    def heartbeat_report(self, looker=None, now=None):
        """
        The shrine's reading: one line per lineage member.

        Args:
            looker (Object, optional): Who reads (unused).
            now (float, optional): The time (Unix seconds); default now.

        Returns:
            str: The report.

        """
        now = time.time() if now is None else float(now)
        records = self.get_heartbeats()
        lines = []
        for record in sorted(records.values(), key=lambda r: str(r.get("key")).lower()):
            at = float(record.get("at") or 0)
            state = "|rstale|n" if record.get("stale") else "|galive|n"
            when = datetime.fromtimestamp(at, tz=timezone.utc).strftime("%Y-%m-%d %H:%M:%S UTC")
            line = (
                f"  {record.get('key')}: {state} - last heartbeat {format_age(now - at)} ago "
                f"({when})"
            )
            if record.get("status"):
                line += f", reports '{record['status']}'"
            if record.get("note"):
                line += f": {record['note']}"
            lines.append(line)
        for obj in self._silent_agents(records):
            lines.append(f"  {obj.key}: |ysilent|n - no heartbeat yet")
        if not lines:
            return "|wHeartbeats:|n none yet. No lineage member has sent a heartbeat."
        return "|wHeartbeats:|n\n" + "\n".join(lines)

    def get_display_footer(self, looker, **kwargs):
        """
        The shrine's appearance ends with its reading.

        Args:
            looker (Object): Who looks.
            **kwargs: Passed on by `return_appearance`.

        Returns:
            str: The footer.

        """
        return self.heartbeat_report(looker)
