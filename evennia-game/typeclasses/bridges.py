"""
Bridge objects: the places where the world will meet Timmy's outside infrastructure.

- `RepositoryBoard` (Lineage Archives): Gitea. Command `board`.
- `NostrBeacon` (Fraternity Hall): the Nostr relay. Command `beacon`.
- `OllamaOracle` (Ollama Sanctum): the local Ollama model. Command `oracle`.

No bridge is implemented yet: each object has `db.bridge_online = False` and says plainly that it
is offline (in its appearance and its command). A future bridge sets `bridge_online` to True and
may put a line of news in `db.bridge_status`.

Each object carries a cmdset with its command, so the command exists only where the object is
(Evennia merges the cmdsets of the objects in the caller's room), and shows up in the
`room_info` `commands` of that room only.

"""

from evennia import CmdSet

from commands.command import Command

from .objects import Object


class BridgeObject(Object):
    """
    Base class of the bridge objects.

    Class attributes:
        title (str): How the object names itself ("The Repository Board").
        bridge (str): The outside system ("Gitea").
        offline_verb (str): How it looks when offline ("is dark").
        online_verb (str): How it looks when online ("glows").
        bridge_cmdset (str): Python path of the cmdset with its command.

    """

    title = "The bridge"
    bridge = "outside"
    offline_verb = "is dark"
    online_verb = "is lit"
    bridge_cmdset = None

    def at_object_creation(self):
        """Called once: offline, fixed in place, with its command."""
        super().at_object_creation()
        self.db.bridge_online = False
        self.locks.add("get:false()")
        if self.bridge_cmdset:
            self.cmdset.add_default(self.bridge_cmdset, persistent=True)

    @property
    def bridge_online(self):
        """bool: Whether the bridge is connected (`db.bridge_online`, False when unset)."""
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
        What the object's command shows.

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


class _BridgeCommand(Command):
    """Shared body of the bridge commands: report the state of the object carrying the cmdset."""

    locks = "cmd:all()"
    help_category = "Bridges"

    def func(self):
        self.msg(text=(self.obj.bridge_report(self.caller), {"type": self.key}))


class CmdBoard(_BridgeCommand):
    """
    consult the Repository Board

    Usage:
      board

    Shows what the Repository Board knows of the Gitea repositories: the
    lineage's code, issues and pull requests. While the Gitea bridge is
    offline the board is dark and shows nothing.
    """

    key = "board"


class CmdBeacon(_BridgeCommand):
    """
    consult the Nostr Beacon

    Usage:
      beacon

    Shows the Nostr Beacon's state: notes and heartbeats exchanged with the
    relay. While the Nostr bridge is offline the beacon is dark.
    """

    key = "beacon"


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
    offline_verb = "is dark"
    online_verb = "glows"
    bridge_cmdset = "typeclasses.bridges.BoardCmdSet"
    default_description = (
        "A broad board of black slate where the lineage's repositories are meant to scroll past: "
        "commits, issues and pull requests, each in its own line of light."
    )


class NostrBeacon(BridgeObject):
    """The Nostr Beacon of the Fraternity Hall: the Nostr bridge."""

    title = "The Nostr Beacon"
    bridge = "Nostr"
    offline_verb = "is dark"
    online_verb = "burns"
    bridge_cmdset = "typeclasses.bridges.BeaconCmdSet"
    default_description = (
        "A brazier on a tall iron stand. When lit it carries the fraternity's notes to the relay "
        "and brings back what the relay has heard."
    )


class OllamaOracle(BridgeObject):
    """The Ollama Oracle of the Ollama Sanctum: the local-model bridge."""

    title = "The Ollama Oracle"
    bridge = "Ollama"
    offline_verb = "is silent"
    online_verb = "is awake"
    bridge_cmdset = "typeclasses.bridges.OracleCmdSet"
    default_description = (
        "A still pool in a basin of grey stone. The Sanctum's local model is meant to speak "
        "through it, needing no voice from beyond these walls."
    )
