"""
The privileged `world_query` request: facts about the live world, for the agents' runtime and the
success checks of its evaluation suite.

Contract: "Agents" in `world-seed/PROTOCOL.md`.

`world_query {requestId, query, name}` with `query`

- `character`: a character by key (without regard to case) or dbref →
  `{dbref, key, location, lastLocation, online, read, pages, agent, permissions, parent, role,
  requests}` (`lastLocation`: the location, or where it was when it last left the game);
- `room`: a room by seed id, key (without regard to case) or dbref →
  `{dbref, key, seedId, area, things, characters, speech}`;
- `find`: objects whose key contains `name` (without regard to case), at most `FIND_LIMIT`, by
  dbref → `{matches: [{dbref, key, seedId, typeclass, location}]}`.

Not an inputfunc module.

"""

import re

from evennia.objects.models import ObjectDB
from evennia.objects.objects import DefaultCharacter, DefaultRoom

from typeclasses.notes import Note
from world import agent_requests as _agent_requests
from world import records as _records
from world.agent_replies import FORBIDDEN, INVALID, NOT_FOUND, AgentRequestError, require_string
from world.seeding import is_privileged, kind_of
from world.tags import SEED_CATEGORY, area_of, dbref_of, is_agent, seed_of

WORLD_QUERY = "world_query"
QUERIES = ("character", "room", "find")
FIND_LIMIT = 50
MAX_NAME_LENGTH = 200
_DBREF = re.compile(r"^#(\d+)$")


def place_of(obj, location=None):
    """
    Where an object is: `{dbref, key, seedId}` of its location, or None.

    Args:
        obj (Object): The object.
        location (Object, optional): Use this place instead of the object's location.

    Returns:
        dict or None: The location.

    """
    location = location if location is not None else obj.location
    if location is None:
        return None
    return {"dbref": dbref_of(location), "key": location.key, "seedId": seed_of(location)}


def _one(candidates, what, name):
    """The only candidate, or a `not_found` / `invalid` error."""
    candidates = list(dict.fromkeys(candidates))
    if not candidates:
        raise AgentRequestError(NOT_FOUND, f"there is no {what} '{name}'")
    if len(candidates) > 1:
        refs = ", ".join(dbref_of(obj) for obj in candidates)
        raise AgentRequestError(INVALID, f"'{name}' names more than one {what}: {refs}")
    return candidates[0]


def _by_dbref(name, cls):
    match = _DBREF.match(name)
    if not match:
        return None
    obj = ObjectDB.objects.filter(id=int(match.group(1))).first()
    return [obj] if isinstance(obj, cls) else []


def find_character(name):
    """
    A character by dbref or key (without regard to case).

    Args:
        name (str): `#12` or a key.

    Returns:
        Object: The character.

    Raises:
        AgentRequestError: `not_found`, or `invalid` when the key is ambiguous.

    """
    found = _by_dbref(name, DefaultCharacter)
    if found is None:
        found = [
            obj
            for obj in ObjectDB.objects.filter(db_key__iexact=name).order_by("id")
            if isinstance(obj, DefaultCharacter)
        ]
    return _one(found, "character", name)


def find_room(name):
    """
    A room by dbref, seed id or key (without regard to case), tried in that order.

    Args:
        name (str): `#12`, a seed id or a key.

    Returns:
        Object: The room.

    Raises:
        AgentRequestError: `not_found`, or `invalid` when the key is ambiguous.

    """
    found = _by_dbref(name, DefaultRoom)
    if found is None:
        found = [
            obj
            for obj in ObjectDB.objects.get_by_tag(key=name.lower(), category=SEED_CATEGORY)
            if isinstance(obj, DefaultRoom)
        ]
    if not found:
        found = [
            obj
            for obj in ObjectDB.objects.filter(db_key__iexact=name).order_by("id")
            if isinstance(obj, DefaultRoom)
        ]
    return _one(found, "room", name)


def character_facts(character):
    """
    The `character` query's result.

    Args:
        character (Object): The character.

    Returns:
        dict: `{dbref, key, location, lastLocation, online, read, pages, agent, permissions,
        parent, role, requests}`.

    """
    permissions = set(character.permissions.all())
    account = character.account
    if account is not None:
        permissions.update(account.permissions.all())
    return {
        "dbref": dbref_of(character),
        "key": character.key,
        "location": place_of(character),
        "lastLocation": place_of(character, character.location or character.db.prelogout_location),
        "online": bool(character.sessions.count()),
        "read": _records.reads_of(character),
        "pages": _records.pages_of(character),
        "agent": is_agent(character),
        "permissions": sorted(permissions),
        "parent": character.db.timmy_parent,
        "role": character.db.timmy_role,
        "requests": _agent_requests.requests_of(character),
    }


def _thing(obj):
    thing = {
        "key": obj.key,
        "dbref": dbref_of(obj),
        "seedId": seed_of(obj),
        "typeclass": obj.typeclass_path,
    }
    if isinstance(obj, Note):
        thing["text"] = obj.db.text or ""
        thing["author"] = obj.db.author
    return thing


def room_facts(room):
    """
    The `room` query's result.

    Args:
        room (Object): The room.

    Returns:
        dict: `{dbref, key, seedId, area, things, characters, speech}`.

    """
    things, characters = [], []
    for obj in sorted(room.contents, key=lambda o: o.id):
        kind = kind_of(obj)
        if kind == "character":
            characters.append({"key": obj.key, "dbref": dbref_of(obj), "agent": is_agent(obj)})
        elif kind == "thing":
            things.append(_thing(obj))
    return {
        "dbref": dbref_of(room),
        "key": room.key,
        "seedId": seed_of(room),
        "area": area_of(room),
        "things": things,
        "characters": characters,
        "speech": _records.speech_of(room),
    }


def find_objects(name):
    """
    The `find` query's result.

    Args:
        name (str): Part of a key.

    Returns:
        dict: `{matches: [{dbref, key, seedId, typeclass, location}]}`.

    """
    objects = ObjectDB.objects.filter(db_key__icontains=name).order_by("id")[:FIND_LIMIT]
    return {
        "matches": [
            {
                "dbref": dbref_of(obj),
                "key": obj.key,
                "seedId": seed_of(obj),
                "typeclass": obj.typeclass_path,
                "location": place_of(obj),
            }
            for obj in objects
        ]
    }


def query_request(session, kwargs):
    """
    The `world_query` request (see the module docstring).

    Args:
        session (ServerSession): The requesting session.
        kwargs (dict): The request's keyword arguments.

    Returns:
        dict: `{result}`.

    Raises:
        AgentRequestError: `forbidden`, `invalid` or `not_found`.

    """
    if not is_privileged(session):
        raise AgentRequestError(FORBIDDEN, "world_query needs a privileged account")
    query = kwargs.get("query")
    if query not in QUERIES:
        raise AgentRequestError(INVALID, f"query must be one of {', '.join(QUERIES)}")
    name = require_string(kwargs, "name", MAX_NAME_LENGTH)
    if query == "character":
        return {"result": character_facts(find_character(name))}
    if query == "room":
        return {"result": room_facts(find_room(name))}
    return {"result": find_objects(name)}
