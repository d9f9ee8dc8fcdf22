"""
Records of what characters read, say and page, kept for the agents' success checks.

Contract: "Agents" in `world-seed/PROTOCOL.md`; read back with the privileged `world_query`.

- `character.db.timmy_read`: seed ids (or dbrefs, for objects without one) of the Lesson Stones
  and Notes the character has read, in the order first read, without duplicates
  (`record_read`, called by `read`).
- `timmy_speech` in category `timmy_state` on a room: the last `SPEECH_LIMIT` things said there,
  `{speaker, text, at}` (`record_speech`, called by `say`). Kept in the `timmy_state` category,
  like the shrine's heartbeats, so that runtime state stays out of `world_snapshot`/export.
- `character.db.timmy_pages`: the last `PAGE_LIMIT` pages the character's account received,
  `{sender, text, at}` (`record_page`, called by `page`).

`at` is Unix seconds (a float). Not an inputfunc module.

"""

import time

from world.tags import dbref_of, seed_of

STATE_CATEGORY = "timmy_state"
READ = "timmy_read"
SPEECH = "timmy_speech"
PAGES = "timmy_pages"
SPEECH_LIMIT = 50
PAGE_LIMIT = 50


def read_id(obj):
    """
    How a read object is recorded: its seed id, or its dbref when it has none.

    Args:
        obj (Object): The object read.

    Returns:
        str: The seed id or dbref.

    """
    return seed_of(obj) or dbref_of(obj)


def record_read(character, obj):
    """
    Record that a character read an object (no duplicates).

    Args:
        character (Object): The reader.
        obj (Object): The Lesson Stone or Note read.

    Returns:
        list: The character's reads, oldest first.

    """
    reads = list(character.db.timmy_read or [])
    ident = read_id(obj)
    if ident not in reads:
        reads.append(ident)
        character.db.timmy_read = reads
    return reads


def _append_bounded(obj, name, entry, limit, category=None):
    """Append `entry` to the list attribute `name` of `obj`, keeping the last `limit`."""
    entries = list(obj.attributes.get(name, category=category, default=None) or [])
    entries.append(entry)
    entries = entries[-limit:]
    obj.attributes.add(name, entries, category=category)
    return entries


def record_speech(room, speaker, text, now=None):
    """
    Record something said in a room.

    Args:
        room (Object): Where it was said.
        speaker (Object): Who said it.
        text (str): What was said.
        now (float, optional): The time (Unix seconds); default now.

    Returns:
        list: The room's speech records, oldest first.

    """
    entry = {"speaker": speaker.key, "text": str(text), "at": time.time() if now is None else now}
    return _append_bounded(room, SPEECH, entry, SPEECH_LIMIT, category=STATE_CATEGORY)


def speech_of(room):
    """
    The speech records of a room.

    Args:
        room (Object): The room.

    Returns:
        list: `{speaker, text, at}` dicts, oldest first.

    """
    return [
        dict(entry)
        for entry in room.attributes.get(SPEECH, category=STATE_CATEGORY, default=None) or []
    ]


def record_page(character, sender, text, now=None):
    """
    Record a page received by a character.

    Args:
        character (Object): The receiving character.
        sender (str): Who paged (the sender's character key, else its account name).
        text (str): The message.
        now (float, optional): The time (Unix seconds); default now.

    Returns:
        list: The character's page records, oldest first.

    """
    entry = {"sender": str(sender), "text": str(text), "at": time.time() if now is None else now}
    return _append_bounded(character, PAGES, entry, PAGE_LIMIT)


def reads_of(character):
    """
    The read records of a character.

    Args:
        character (Object): The character.

    Returns:
        list: Seed ids or dbrefs, oldest first.

    """
    return list(character.db.timmy_read or [])


def pages_of(character):
    """
    The page records of a character.

    Args:
        character (Object): The character.

    Returns:
        list: `{sender, text, at}` dicts, oldest first.

    """
    return [dict(entry) for entry in character.db.timmy_pages or []]
