"""
Bridge objects: the places where the world meets Timmy's outside infrastructure.

- `RepositoryBoard` (Lineage Archives): Gitea. Command `board`.
- `NostrBeacon` (Fraternity Hall): the Nostr relay. Command `beacon`.
- `OllamaOracle` (Ollama Sanctum): the local Ollama model. Command `oracle`.

The board and the beacon are served by the bridge warden (`world/bridges.py`, contract in
`world-seed/PROTOCOL.md`, "Bridges"): while the warden is online for their bridge, their
commands send it a `bridge_request` and show its answer to the caller; otherwise they say
plainly that the bridge is offline (in their appearance and their command). The oracle has no
warden yet: it is online when `db.bridge_online` is True.

Writing through a bridge (`board file`, `board comment`, `beacon post`) needs the object's
`bridge_write` lock, `perm(Builder)` by default (set on creation, and assumed when an object has
no such lock): e.g. `lock board = bridge_write:perm(Builder) or id(#12)`. Reading needs nothing.

`board status` / `beacon status` show the state of the bridge, its last announcement and the
outbox statistics the warden last reported (dead letters included); they need no warden.

Each object carries a cmdset with its command, so the command exists only where the object is
(Evennia merges the cmdsets of the objects in the caller's room), and shows up in the
`room_info` `commands` of that room only.

"""

import re
import time

from evennia import CmdSet

from commands.command import Command
from world import bridges as warden

from .objects import Object
from .shrine import format_age


class BridgeObject(Object):
    """
    Base class of the bridge objects.

    Class attributes:
        title (str): How the object names itself ("The Repository Board").
        bridge (str): The outside system ("Gitea").
        bridge_key (str or None): The warden's name of the bridge (`gitea`, `nostr`); None when
            no warden serves it (the online state is then `db.bridge_online`).
        bridge_command (str): The key of its command ("board").
        offline_verb (str): How it looks when offline ("is dark").
        online_verb (str): How it looks when online ("glows").
        stir_text (str): Told to the caller when a request leaves for the warden.
        bridge_cmdset (str): Python path of the cmdset with its command.

    """

    title = "The bridge"
    bridge = "outside"
    bridge_key = None
    bridge_command = "bridge"
    offline_verb = "is dark"
    online_verb = "is lit"
    stir_text = "The bridge stirs..."
    bridge_cmdset = None

    def at_object_creation(self):
        """Called once: offline, fixed in place, with its command and write lock."""
        super().at_object_creation()
        self.db.bridge_online = False
        self.locks.add(f"get:false();{warden.DEFAULT_WRITE_LOCK}")
        if self.bridge_cmdset:
            self.cmdset.add_default(self.bridge_cmdset, persistent=True)

    @property
    def bridge_online(self):
        """bool: Whether the bridge is connected (the warden is online for it)."""
        if self.bridge_key:
            return warden.is_online(self.bridge_key)
        return bool(self.db.bridge_online)

    def bridge_status_line(self):
        """
        One sentence about the state of the bridge.

        Returns:
            str: e.g. "The Repository Board is dark: the Gitea bridge is offline."

        """
        if self.bridge_online:
            return f"{self.title} {self.online_verb}: the {self.bridge} bridge is online."
        return f"{self.title} {self.offline_verb}: the {self.bridge} bridge is offline."

    def bridge_report(self, looker=None):
        """
        What the object's command shows when it cannot ask the warden.

        Args:
            looker (Object, optional): Who asks.

        Returns:
            str: The status line, and the bridge's latest news when online.

        """
        line = self.bridge_status_line()
        if self.bridge_online:
            news = self.db.bridge_status
            line += (
                f"\n{news}" if news else f"\nNothing has come across the {self.bridge} bridge yet."
            )
        return line

    def can_write(self, caller):
        """
        Whether a character may write through this object (its `bridge_write` lock).

        Args:
            caller (Object): The character.

        Returns:
            bool: True if allowed.

        """
        return warden.can_write(self, caller)

    def status_report(self, now=None):
        """
        What `<command> status` shows: the status line, the last announcement and the outbox
        statistics the warden last reported.

        Args:
            now (float, optional): Unix time (for the ages shown).

        Returns:
            str: Several lines.

        """
        now = time.time() if now is None else now
        lines = [self.bridge_status_line()]
        news = self.attributes.get("news", category=warden.STATE_CATEGORY)
        if news:
            lines.append(f"Last news ({format_age(now - news['at'])} ago): {news['text']}")
        report = self.attributes.get("outbox", category=warden.STATE_CATEGORY)
        if not report:
            lines.append("The warden has not reported its outbox yet.")
            return "\n".join(lines)
        stats = report["stats"]
        counts = ", ".join(f"{stats[name]} {name}" for name in warden.OUTBOX_FIELDS)
        lines.append(f"Outbox ({format_age(now - report['at'])} ago): {counts}.")
        for letter in report.get("deadLetters") or []:
            lines.append(f"  dead letter {letter['id']} ({letter['kind']}): {letter['error']}")
        return "\n".join(lines)

    def timeout_text(self, seconds):
        """str: Told to the caller when the warden did not answer in time."""
        return (
            f"{self.title} falls still: the {self.bridge} bridge did not answer within "
            f"{seconds:g} seconds."
        )

    def failure_text(self, text):
        """str: How a failed answer (`ok: false`) is shown."""
        return f"{self.title} flickers: {text}"

    def get_display_footer(self, looker, **kwargs):
        """
        The appearance ends with the state of the bridge.

        Args:
            looker (Object): Who looks.
            **kwargs: Passed on by `return_appearance`.

        Returns:
            str: The footer.

        """
        return self.bridge_status_line()


class Usage(Exception):
    """A bridge command's arguments did not parse; the message says how to use it."""


class _BridgeCommand(Command):
    """Shared body of the bridge commands: report the state of the object carrying the cmdset."""

    locks = "cmd:all()"
    help_category = "Bridges"

    def func(self):
        self.msg(text=(self.obj.bridge_report(self.caller), {"type": self.key}))


class _WardenCommand(_BridgeCommand):
    """
    Shared body of the commands served by the warden. Subclasses implement `action()`, which
    returns `(action, args, writes)` or raises `Usage`; `status` is handled here.
    """

    def action(self):
        """
        Parse `self.args`.

        Returns:
            tuple: `(action, args, writes)`.

        Raises:
            Usage: With the usage text.

        """
        raise NotImplementedError

    def func(self):
        source, caller = self.obj, self.caller
        if self.args.strip().lower() == "status":
            self.msg(text=(source.status_report(), {"type": self.key}))
            return
        try:
            action, args, writes = self.action()
        except Usage as usage:
            self.msg(text=(str(usage), {"type": self.key}))
            return
        if writes and not source.can_write(caller):
            self.msg(
                text=(
                    f"{source.title} does not heed you: writing through it needs its "
                    f"{warden.WRITE_LOCK_TYPE} lock (Builders by default).",
                    {"type": self.key},
                )
            )
            return
        pending = warden.send_request(source, caller, action, args)
        if pending is None:
            self.msg(text=(source.bridge_report(caller), {"type": self.key}))
            return
        self.msg(text=(source.stir_text, {"type": self.key}))
        yield from warden.wait_for(pending)


_NUMBER = re.compile(r"^#?(\d+)$")


def _number(text, usage):
    """The issue number in `text` (`12` or `#12`), else raise Usage."""
    match = _NUMBER.match(text.strip())
    if not match:
        raise Usage(usage)
    return int(match.group(1))


def _split_equals(text, usage):
    """`left = right` as two stripped non-empty strings, else raise Usage."""
    left, sep, right = text.partition("=")
    if not sep or not left.strip() or not right.strip():
        raise Usage(usage)
    return left.strip(), right.strip()


class CmdBoard(_WardenCommand):
    """
    consult the Repository Board

    Usage:
      board
      board read <number>
      board file <title> = <body>
      board comment <number> = <text>
      board status

    The Repository Board shows the lineage's Gitea repository: `board` lists
    the open issues and pull requests, `board read` shows one with its last
    comments. Filing an issue or commenting needs the board's bridge_write
    lock (Builders by default). `board status` shows the state of the bridge
    and of its outbox. While the Gitea bridge is offline the board is dark.
    """

    key = "board"

    USAGE = (
        "Usage: board | board read <number> | board file <title> = <body> | "
        "board comment <number> = <text> | board status"
    )

    def action(self):
        verb, _, rest = self.args.strip().partition(" ")
        verb = verb.lower()
        if not verb or verb == "list":
            return "list", {}, False
        if verb == "read":
            return "read", {"number": _number(rest, self.USAGE)}, False
        if verb == "file":
            title, body = _split_equals(rest, self.USAGE)
            return "file", {"title": title, "body": body}, True
        if verb == "comment":
            number, text = _split_equals(rest, self.USAGE)
            return "comment", {"number": _number(number, self.USAGE), "text": text}, True
        raise Usage(self.USAGE)


class CmdBeacon(_WardenCommand):
    """
    consult the Nostr Beacon

    Usage:
      beacon
      beacon post <text>
      beacon key [<character>]
      beacon status

    The Nostr Beacon carries notes to the relay: `beacon` shows the latest
    notes and heartbeats, `beacon post` sends a note (needs the beacon's
    bridge_write lock, Builders by default), `beacon key` shows the public
    key of a character (yours by default). `beacon status` shows the state
    of the bridge and of its outbox. While the Nostr bridge is offline the
    beacon is dark.
    """

    key = "beacon"

    USAGE = "Usage: beacon | beacon post <text> | beacon key [<character>] | beacon status"

    def action(self):
        verb, _, rest = self.args.strip().partition(" ")
        verb, rest = verb.lower(), rest.strip()
        if not verb or verb == "recent":
            return "recent", {}, False
        if verb == "post":
            if not rest:
                raise Usage(self.USAGE)
            return "post", {"text": rest}, True
        if verb == "key":
            return "key", {"character": rest or self.caller.key}, False
        raise Usage(self.USAGE)


class CmdOracle(_BridgeCommand):
    """
    consult the Ollama Oracle

    Usage:
      oracle

    Shows the state of the Ollama Oracle, the local model of the Sanctum.
    While the Ollama bridge is offline the oracle is silent.
    """

    key = "oracle"


class BoardCmdSet(CmdSet):
    """The `board` command, on the Repository Board."""

    key = "repository_board"

    def at_cmdset_creation(self):
        self.add(CmdBoard())


class BeaconCmdSet(CmdSet):
    """The `beacon` command, on the Nostr Beacon."""

    key = "nostr_beacon"

    def at_cmdset_creation(self):
        self.add(CmdBeacon())


class OracleCmdSet(CmdSet):
    """The `oracle` command, on the Ollama Oracle."""

    key = "ollama_oracle"

    def at_cmdset_creation(self):
        self.add(CmdOracle())


class RepositoryBoard(BridgeObject):
    """The Repository Board of the Lineage Archives: the Gitea bridge."""

    title = "The Repository Board"
    bridge = "Gitea"
    bridge_key = "gitea"
    bridge_command = "board"
    offline_verb = "is dark"
    online_verb = "glows"
    stir_text = "The board stirs..."
    bridge_cmdset = "typeclasses.bridges.BoardCmdSet"
    default_description = (
        "A broad board of black slate where the lineage's repositories are meant to scroll past: "
        "commits, issues and pull requests, each in its own line of light."
    )


class NostrBeacon(BridgeObject):
    """The Nostr Beacon of the Fraternity Hall: the Nostr bridge."""

    title = "The Nostr Beacon"
    bridge = "Nostr"
    bridge_key = "nostr"
    bridge_command = "beacon"
    offline_verb = "is dark"
    online_verb = "burns"
    stir_text = "The beacon flickers..."
    bridge_cmdset = "typeclasses.bridges.BeaconCmdSet"
    default_description = (
        "A brazier on a tall iron stand. When lit it carries the fraternity's notes to the relay "
        "and brings back what the relay has heard."
    )


class OllamaOracle(BridgeObject):
    """The Ollama Oracle of the Ollama Sanctum: the local-model bridge."""

    title = "The Ollama Oracle"
    bridge = "Ollama"
    bridge_command = "oracle"
    offline_verb = "is silent"
    online_verb = "is awake"
    bridge_cmdset = "typeclasses.bridges.OracleCmdSet"
    default_description = (
        "A still pool in a basin of grey stone. The Sanctum's local model is meant to speak "
        "through it, needing no voice from beyond these walls."
    )


#: The typeclass of each bridge the warden serves (`world/bridges.py` finds the objects by it).
BRIDGE_TYPECLASSES = {"gitea": RepositoryBoard, "nostr": NostrBeacon}
