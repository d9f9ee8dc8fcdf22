"""
World as code: the privileged `world_snapshot` and `world_apply` requests.

Contract: `world-seed/PROTOCOL.md` ("Requests and replies"). The inputfuncs in
`server/conf/inputfuncs.py` only call `handle_world_snapshot` / `handle_world_apply` below.

- `snapshot()` lists every room, exit and other object that is neither a character nor carried by
  one, in dbref order, as `WorldObject` dicts.
- `apply(operations, dry_run)` first validates the whole list against a simulation of the world
  (typeclasses importable and of the right kind, references resolvable - seeds created earlier in
  the list included - targets existing, deletions only of seeded objects). A dry run stops there.
  Otherwise the operations run inside one `django.db.transaction.atomic()` block: if any of them
  fails, the database is rolled back and Evennia's in-memory caches (which a rollback does not
  touch) are repaired for the objects involved (`_CacheGuard`).

Seeds and areas are Evennia tags (categories `timmy_seed` and `timmy_area`); Evennia stores tag
keys, tag categories and aliases in lower case, so they come back lower-cased.

Not an inputfunc module: import from here with underscore aliases.

"""

import json
import re

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from evennia.locks.lockhandler import LockException, LockHandler
from evennia.objects.models import ObjectDB
from evennia.objects.objects import DefaultCharacter, DefaultExit, DefaultObject, DefaultRoom
from evennia.scripts.models import ScriptDB
from evennia.utils import create, logger
from evennia.utils.dbserialize import deserialize
from evennia.utils.utils import class_from_module

from world import perception as _perception
from world.tags import (
    AREA_CATEGORY,
    MANAGED_PREFIX,
    SEED_CATEGORY,
    area_of,
    dbref_of,
    plain_aliases,
    seed_of,
)

TIMMY_ERROR = "timmy_error"
WORLD_SNAPSHOT = "world_snapshot"
WORLD_APPLY = "world_apply"

KINDS = ("room", "exit", "thing")
DEFAULT_TYPECLASSES = {
    "room": "typeclasses.rooms.Room",
    "exit": "typeclasses.exits.Exit",
    "thing": "typeclasses.objects.Object",
}
SNAPSHOT_TAG_EXCLUDED = (SEED_CATEGORY, AREA_CATEGORY)

_CREATE_FIELDS = {
    "op",
    "kind",
    "seedId",
    "key",
    "aliases",
    "typeclass",
    "area",
    "location",
    "destination",
    "desc",
    "locks",
    "tags",
    "attributes",
}
_UPDATE_SET_FIELDS = {
    "key",
    "aliases",
    "typeclass",
    "area",
    "seedId",
    "location",
    "destination",
    "desc",
    "locks",
    "tags",
    "attributes",
}
_LOCK_TYPE = re.compile(r"^[A-Za-z0-9_\-]+$")
_DBREF = re.compile(r"^#?(\d+)$")


class WorldError(Exception):
    """
    A refused or failed request.

    Args:
        code (str): `forbidden`, `invalid` or `failed`.
        message (str): What went wrong.
        index (int, optional): The operation it is about.
        op (str, optional): That operation's `op`.

    """

    def __init__(self, code, message, index=None, op=None):
        super().__init__(message)
        self.code = code
        self.reason = message
        self.index = index
        self.op = op

    @property
    def message(self):
        """str: The reason, naming the operation index if there is one."""
        if self.index is None:
            return self.reason
        return f"operation {self.index} ({self.op or '?'}): {self.reason}"


# ---------------------------------------------------------------------------------------------
# privilege and replies


def is_privileged(session):
    """
    Whether a session may use the privileged requests: logged in with the superuser or an account
    named in `settings.TIMMY_PRIVILEGED_ACCOUNTS` (compared without regard to case, as Evennia
    compares user names).

    Args:
        session (ServerSession): The session.

    Returns:
        bool: True if privileged.

    """
    account = getattr(session, "account", None)
    if account is None or not getattr(session, "logged_in", False):
        return False
    if account.is_superuser:
        return True
    allowed = {str(name).lower() for name in getattr(settings, "TIMMY_PRIVILEGED_ACCOUNTS", [])}
    return account.username.lower() in allowed


def _who(session):
    """Who made a request, for the log."""
    account = getattr(session, "account", None)
    name = account.username if account else "(not logged in)"
    return f"{name} (session {getattr(session, 'sessid', '?')}, {getattr(session, 'address', '?')})"


def reply_error(session, request_id, code, message, request=None):
    """
    Answer a request with `timmy_error {requestId, code, message}` and log the refusal.

    Args:
        session (ServerSession): Where to answer.
        request_id (any): The request's `requestId`.
        code (str): `forbidden`, `invalid` or `failed`.
        message (str): Why.
        request (str, optional): The request's name, for the log.

    """
    text = f"{request or 'request'} {code} for {_who(session)}: {message}"
    if code == "forbidden":
        logger.log_sec(text)
    elif code == "invalid":
        logger.log_warn(text)
    else:
        logger.log_err(text)
    session.msg(**{TIMMY_ERROR: {"requestId": request_id, "code": code, "message": message}})


def handle_world_snapshot(session, kwargs):
    """
    The `world_snapshot {requestId}` request: reply `world_snapshot {requestId, objects}`.

    Args:
        session (ServerSession): The requesting session.
        kwargs (dict): The request's keyword arguments.

    """
    request_id = kwargs.get("requestId")
    if not is_privileged(session):
        reply_error(
            session,
            request_id,
            "forbidden",
            "world_snapshot needs a privileged account",
            WORLD_SNAPSHOT,
        )
        return
    try:
        objects = snapshot()
    except Exception as err:
        logger.log_trace("world_snapshot failed")
        reply_error(session, request_id, "failed", f"snapshot failed: {err}", WORLD_SNAPSHOT)
        return
    session.msg(**{WORLD_SNAPSHOT: {"requestId": request_id, "objects": objects}})


def handle_world_apply(session, kwargs):
    """
    The `world_apply {requestId, operations, dryRun?}` request: reply
    `world_apply {requestId, results}`, or `timmy_error` with nothing changed.

    Args:
        session (ServerSession): The requesting session.
        kwargs (dict): The request's keyword arguments.

    """
    request_id = kwargs.get("requestId")
    if not is_privileged(session):
        reply_error(
            session, request_id, "forbidden", "world_apply needs a privileged account", WORLD_APPLY
        )
        return
    dry_run = kwargs.get("dryRun", False)
    try:
        if not isinstance(dry_run, bool):
            raise WorldError("invalid", "dryRun must be true or false")
        results = apply(kwargs.get("operations"), dry_run=dry_run)
    except WorldError as err:
        reply_error(session, request_id, err.code, err.message, WORLD_APPLY)
        return
    except Exception as err:  # apply() turns errors into WorldError; this is a last resort
        logger.log_trace("world_apply failed")
        reply_error(session, request_id, "failed", f"world_apply failed: {err}", WORLD_APPLY)
        return
    logger.log_info(
        f"world_apply by {_who(session)}: {len(results)} operation(s)"
        + (" validated (dry run)" if dry_run else " applied")
    )
    session.msg(**{WORLD_APPLY: {"requestId": request_id, "results": results}})


# ---------------------------------------------------------------------------------------------
# snapshot


def kind_of(obj):
    """
    The world kind of an object.

    Args:
        obj (Object): Any object.

    Returns:
        str: `"character"`, `"room"`, `"exit"` or `"thing"`.

    """
    if isinstance(obj, DefaultCharacter) or obj.account is not None:
        return "character"
    if isinstance(obj, DefaultRoom):
        return "room"
    if isinstance(obj, DefaultExit) or obj.destination is not None:
        return "exit"
    return "thing"


def in_world(obj):
    """
    Whether an object belongs to the world: not a character and not carried by one (at any
    depth).

    Args:
        obj (Object): Any object.

    Returns:
        bool: True for rooms, exits and things of the world.

    """
    if kind_of(obj) == "character":
        return False
    seen = {obj.id}
    location = obj.location
    while location is not None and location.id not in seen:
        if kind_of(location) == "character":
            return False
        seen.add(location.id)
        location = location.location
    return True


def _json_value(value):
    """An attribute value as JSON data: itself if it is JSON, else its `str()`."""
    value = deserialize(value)
    try:
        return json.loads(json.dumps(value, allow_nan=False))
    except (TypeError, ValueError):
        return str(value)


def _locks_of(obj):
    """`{access_type: definition}` of every lock of an object."""
    locks = {}
    for access_type, (_, _, raw) in sorted(obj.locks.locks.items()):
        locks[access_type] = raw.split(":", 1)[1].strip() if ":" in raw else raw
    return locks


def serialize(obj):
    """
    One object as a `WorldObject` (PROTOCOL.md).

    Args:
        obj (Object): A room, exit or thing.

    Returns:
        dict: The `WorldObject`.

    """
    kind = kind_of(obj)
    tags = sorted(
        (
            [key, category]
            for key, category in obj.tags.all(return_key_and_category=True)
            if category not in SNAPSHOT_TAG_EXCLUDED
        ),
        key=lambda pair: (pair[1] or "", pair[0]),
    )
    attributes = {}
    for attr in sorted(obj.attributes.all(), key=lambda a: a.key):
        if attr.category or attr.key == "desc" or attr.key.startswith("_"):
            continue
        attributes[attr.key] = _json_value(attr.value)
    desc = obj.db.desc
    return {
        "dbref": dbref_of(obj),
        "seedId": seed_of(obj),
        "area": area_of(obj),
        "kind": kind,
        "key": obj.key,
        "aliases": plain_aliases(obj),
        "typeclass": obj.typeclass_path,
        "location": dbref_of(obj.location),
        "destination": dbref_of(obj.destination) if kind == "exit" else None,
        "desc": "" if desc is None else str(desc),
        "locks": _locks_of(obj),
        "tags": tags,
        "attributes": attributes,
    }


def snapshot():
    """
    Every object of the world, in dbref order.

    Returns:
        list: `WorldObject` dicts.

    """
    return [serialize(obj) for obj in ObjectDB.objects.all().order_by("id") if in_world(obj)]


# ---------------------------------------------------------------------------------------------
# validation helpers shared by the simulation and the execution


def _fail(code, message, index, op):
    raise WorldError(code, message, index=index, op=op)


def _typeclass_for(kind, path, index, op):
    """Import a typeclass and check that it makes objects of `kind`."""
    if not isinstance(path, str) or not path.strip():
        _fail("invalid", "typeclass must be a non-empty string", index, op)
    try:
        cls = class_from_module(path, defaultpaths=settings.TYPECLASS_PATHS)
    except Exception as err:
        _fail("invalid", f"unknown typeclass '{path}': {err}", index, op)
    if not isinstance(cls, type) or not issubclass(cls, DefaultObject):
        _fail("invalid", f"typeclass '{path}' is not an object typeclass", index, op)
    if issubclass(cls, DefaultCharacter):
        _fail("invalid", f"typeclass '{path}' is a character typeclass, not world", index, op)
    actual = (
        "room"
        if issubclass(cls, DefaultRoom)
        else "exit" if issubclass(cls, DefaultExit) else "thing"
    )
    if actual != kind:
        _fail("invalid", f"typeclass '{path}' makes a {actual}, not a {kind}", index, op)
    return cls


def _check_string(value, name, index, op, allow_none=False, allow_empty=True):
    if value is None and allow_none:
        return None
    if not isinstance(value, str) or (not allow_empty and not value.strip()):
        what = "a string" if allow_empty else "a non-empty string"
        _fail("invalid", f"{name} must be {what}" + (" or null" if allow_none else ""), index, op)
    return value


def _check_aliases(value, index, op):
    if not isinstance(value, list) or not all(isinstance(a, str) and a.strip() for a in value):
        _fail("invalid", "aliases must be a list of non-empty strings", index, op)
    return value


def _check_tags(value, index, op):
    if not isinstance(value, list):
        _fail("invalid", "tags must be a list of [key, category|null]", index, op)
    tags = []
    for tag in value:
        if (
            not isinstance(tag, (list, tuple))
            or len(tag) != 2
            or not isinstance(tag[0], str)
            or not tag[0].strip()
            or not (tag[1] is None or isinstance(tag[1], str))
        ):
            _fail("invalid", f"bad tag {tag!r}: expected [key, category|null]", index, op)
        category = (tag[1].strip() or None) if tag[1] is not None else None
        if category and category.lower() in SNAPSHOT_TAG_EXCLUDED:
            _fail("invalid", f"tag category '{category}' is set with seedId/area", index, op)
        tags.append((tag[0], category))
    return tags


class _LockCheckDummy:
    """Stands in for an object so that a LockHandler can check lock strings."""

    lock_storage = ""


def _check_locks(value, index, op):
    if not isinstance(value, dict):
        _fail("invalid", "locks must be an object {accessType: definition}", index, op)
    checker = LockHandler(_LockCheckDummy())
    for access_type, definition in value.items():
        if not _LOCK_TYPE.match(str(access_type)):
            _fail("invalid", f"bad lock access type '{access_type}'", index, op)
        if not isinstance(definition, str) or ";" in definition or not definition.strip():
            _fail("invalid", f"bad lock definition for '{access_type}': {definition!r}", index, op)
        lockstring = f"{access_type}:{definition}"
        ok, err = checker.add(lockstring, validate_only=True)
        if not ok:
            _fail("invalid", f"bad lock '{lockstring}': {err}", index, op)
        try:
            checker._parse_lockstring(lockstring)
        except LockException as exc:
            _fail("invalid", f"bad lock '{lockstring}': {exc}", index, op)
    return value


def _check_attributes(value, index, op, allow_null):
    if not isinstance(value, dict):
        _fail("invalid", "attributes must be an object {name: value}", index, op)
    for name, attr_value in value.items():
        if not isinstance(name, str) or not name.strip():
            _fail("invalid", "attribute names must be non-empty strings", index, op)
        if name == "desc" or name.startswith("_"):
            _fail(
                "invalid", f"attribute '{name}' cannot be set (use desc; '_' is private)", index, op
            )
        if attr_value is None and not allow_null:
            _fail("invalid", f"attribute '{name}' is null", index, op)
    return value


def _parse_ref(ref, index, op, name):
    """Check the shape of a Ref: `("seed", "<seed>")` or `("dbref", <int>)`."""
    if isinstance(ref, dict) and len(ref) == 1:
        if isinstance(ref.get("seed"), str) and ref["seed"].strip():
            return ("seed", ref["seed"].strip().lower())
        if "dbref" in ref:
            match = _DBREF.match(str(ref["dbref"]).strip())
            if match:
                return ("dbref", int(match.group(1)))
    _fail("invalid", f'{name} must be {{seed: <id>}} or {{dbref: "#<n>"}}, not {ref!r}', index, op)


def _describe_ref(parsed):
    return f"seed '{parsed[1]}'" if parsed[0] == "seed" else f"#{parsed[1]}"


def _normalise_seed(value, index, op, allow_none):
    if value is None and allow_none:
        return None
    _check_string(value, "seedId", index, op, allow_empty=False)
    return value.strip().lower()


def _normalise_area(value, index, op):
    if value is None:
        return None
    _check_string(value, "area", index, op)
    return value.strip().lower() or None


def _find_by_seed(seed):
    """The existing object carrying a seed, or None."""
    found = ObjectDB.objects.get_by_tag(key=seed, category=SEED_CATEGORY).order_by("id")
    return found.first()


def _find_by_id(dbid):
    return ObjectDB.objects.filter(id=dbid).first()


# ---------------------------------------------------------------------------------------------
# simulation (validation without touching the database)


class _Planned:
    """An object that an earlier `create` of the list will have made."""

    def __init__(self, index, kind, seed):
        self.index = index
        self.kind = kind
        self.seed = seed

    def __repr__(self):
        return f"<planned {self.kind} '{self.seed}' of operation {self.index}>"


class _Simulation:
    """
    Validates a list of operations against the world as it will be when each one runs.

    Real objects are looked up in the database; objects created earlier in the list are
    `_Planned` placeholders. Deletions, seed changes and kind changes are tracked.

    """

    def __init__(self):
        self.seed_overrides = {}  # seed -> object / _Planned / None (seed freed)
        self.object_seeds = {}  # id(real or planned) -> seed after earlier operations
        self.deleted = set()  # ids of deleted real objects
        self.deleted_planned = set()  # python ids of deleted _Planned

    # lookups

    def seed_holder(self, seed):
        if seed in self.seed_overrides:
            return self.seed_overrides[seed]
        obj = _find_by_seed(seed)
        if obj is not None and obj.id in self.deleted:
            return None
        return obj

    def seed_of(self, obj):
        key = self._key(obj)
        if key in self.object_seeds:
            return self.object_seeds[key]
        return obj.seed if isinstance(obj, _Planned) else seed_of(obj)

    def kind(self, obj):
        return obj.kind if isinstance(obj, _Planned) else kind_of(obj)

    def _key(self, obj):
        return ("planned", id(obj)) if isinstance(obj, _Planned) else ("real", obj.id)

    def resolve(self, ref, index, op, name):
        parsed = _parse_ref(ref, index, op, name)
        if parsed[0] == "seed":
            obj = self.seed_holder(parsed[1])
        else:
            obj = _find_by_id(parsed[1])
            if obj is not None and obj.id in self.deleted:
                obj = None
        if obj is None or (isinstance(obj, _Planned) and id(obj) in self.deleted_planned):
            _fail("invalid", f"{name} {_describe_ref(parsed)} does not exist", index, op)
        return obj

    def set_seed(self, obj, seed):
        old = self.seed_of(obj)
        if old:
            self.seed_overrides[old] = None
        if seed:
            self.seed_overrides[seed] = obj
        self.object_seeds[self._key(obj)] = seed

    # checks

    def check_place(self, kind, location, destination, index, op, creating):
        """Check location/destination against the kind (values: object, None, or missing)."""
        if kind == "room":
            if location not in (None, _MISSING):
                _fail("invalid", "a room has no location", index, op)
            if destination not in (None, _MISSING):
                _fail("invalid", "only exits have a destination", index, op)
            return
        if location not in (None, _MISSING):
            if self.kind(location) in ("exit", "character"):
                _fail("invalid", f"cannot put a {kind} inside a {self.kind(location)}", index, op)
        if kind == "exit":
            if (creating and location in (None, _MISSING)) or location is None:
                _fail("invalid", "an exit needs a location", index, op)
        elif destination not in (None, _MISSING):
            _fail("invalid", "only exits have a destination", index, op)
        if destination not in (None, _MISSING) and self.kind(destination) == "exit":
            _fail("invalid", "an exit cannot lead into an exit", index, op)

    def check_seed_free(self, seed, obj, index, op):
        holder = self.seed_holder(seed)
        if (
            holder is not None
            and holder is not obj
            and not (
                not isinstance(holder, _Planned)
                and not isinstance(obj, _Planned)
                and obj is not None
                and holder.id == obj.id
            )
        ):
            _fail(
                "invalid", f"seedId '{seed}' is already used by {self.describe(holder)}", index, op
            )

    def describe(self, obj):
        if isinstance(obj, _Planned):
            return f"operation {obj.index}"
        return f"#{obj.id}"

    # operations

    def create(self, index, spec):
        op = "create"
        unknown = set(spec) - _CREATE_FIELDS
        if unknown:
            _fail("invalid", f"unknown field(s) {sorted(unknown)}", index, op)
        kind = spec.get("kind")
        if kind not in KINDS:
            _fail("invalid", f"kind must be one of {list(KINDS)}, not {kind!r}", index, op)
        seed = _normalise_seed(spec.get("seedId"), index, op, allow_none=False)
        _check_string(spec.get("key"), "key", index, op, allow_empty=False)
        _typeclass_for(kind, spec.get("typeclass") or DEFAULT_TYPECLASSES[kind], index, op)
        if "aliases" in spec and spec["aliases"] is not None:
            _check_aliases(spec["aliases"], index, op)
        _normalise_area(spec.get("area"), index, op)
        location = (
            self.resolve(spec["location"], index, op, "location")
            if spec.get("location") is not None
            else _MISSING
        )
        destination = (
            self.resolve(spec["destination"], index, op, "destination")
            if spec.get("destination") is not None
            else _MISSING
        )
        self.check_place(kind, location, destination, index, op, creating=True)
        if spec.get("desc") is not None:
            _check_string(spec["desc"], "desc", index, op)
        if spec.get("locks") is not None:
            _check_locks(spec["locks"], index, op)
        if spec.get("tags") is not None:
            _check_tags(spec["tags"], index, op)
        if spec.get("attributes") is not None:
            _check_attributes(spec["attributes"], index, op, allow_null=True)
        self.check_seed_free(seed, None, index, op)
        planned = _Planned(index, kind, seed)
        self.set_seed(planned, seed)
        return {"index": index, "op": op, "dbref": None, "seedId": seed}

    def update(self, index, spec):
        op = "update"
        unknown = set(spec) - {"op", "target", "set"}
        if unknown:
            _fail("invalid", f"unknown field(s) {sorted(unknown)}", index, op)
        target = self.resolve(spec.get("target"), index, op, "target")
        kind = self.kind(target)
        if kind == "character":
            _fail("invalid", f"{self.describe(target)} is a character, not world", index, op)
        changes = spec.get("set")
        if not isinstance(changes, dict):
            _fail("invalid", "set must be an object", index, op)
        unknown = set(changes) - _UPDATE_SET_FIELDS
        if unknown:
            _fail("invalid", f"unknown field(s) in set: {sorted(unknown)}", index, op)
        if "key" in changes:
            _check_string(changes["key"], "key", index, op, allow_empty=False)
        if "aliases" in changes:
            _check_aliases(changes["aliases"] or [], index, op)
        if "typeclass" in changes:
            _typeclass_for(kind, changes["typeclass"], index, op)
        if "area" in changes:
            _normalise_area(changes["area"], index, op)
        location = destination = _MISSING
        if "location" in changes:
            location = (
                None
                if changes["location"] is None
                else self.resolve(changes["location"], index, op, "location")
            )
            if location is not None and self._key(location) == self._key(target):
                _fail("invalid", "an object cannot be inside itself", index, op)
        if "destination" in changes:
            destination = (
                None
                if changes["destination"] is None
                else self.resolve(changes["destination"], index, op, "destination")
            )
        self.check_place(kind, location, destination, index, op, creating=False)
        if changes.get("desc") is not None:
            _check_string(changes["desc"], "desc", index, op)
        if changes.get("locks") is not None:
            _check_locks(changes["locks"], index, op)
        if "tags" in changes:
            _check_tags(changes["tags"] or [], index, op)
        if changes.get("attributes") is not None:
            _check_attributes(changes["attributes"], index, op, allow_null=True)
        if "seedId" in changes:
            seed = _normalise_seed(changes["seedId"], index, op, allow_none=True)
            if seed:
                self.check_seed_free(seed, target, index, op)
            self.set_seed(target, seed)
        return {
            "index": index,
            "op": op,
            "dbref": None if isinstance(target, _Planned) else dbref_of(target),
            "seedId": self.seed_of(target),
        }

    def delete(self, index, spec):
        op = "delete"
        unknown = set(spec) - {"op", "target"}
        if unknown:
            _fail("invalid", f"unknown field(s) {sorted(unknown)}", index, op)
        target = self.resolve(spec.get("target"), index, op, "target")
        if self.kind(target) == "character":
            _fail("invalid", f"{self.describe(target)} is a character, not world", index, op)
        seed = self.seed_of(target)
        if not seed:
            _fail(
                "invalid",
                f"refusing to delete {self.describe(target)}: it has no seedId "
                "(only objects made from the world file are deleted)",
                index,
                op,
            )
        result = {
            "index": index,
            "op": op,
            "dbref": None if isinstance(target, _Planned) else dbref_of(target),
            "seedId": seed,
        }
        self.set_seed(target, None)
        if isinstance(target, _Planned):
            self.deleted_planned.add(id(target))
        else:
            self.deleted.add(target.id)
            # Evennia deletes the exits in and to a deleted object with it
            for exit_obj in ObjectDB.objects.filter(
                Q(db_location=target) | Q(db_destination=target)
            ):
                if kind_of(exit_obj) == "exit":
                    self.deleted.add(exit_obj.id)
                    if seed_of(exit_obj):
                        self.seed_overrides[seed_of(exit_obj)] = None
        return result


_MISSING = object()


def _check_operations(operations):
    if not isinstance(operations, list):
        raise WorldError("invalid", "operations must be a list")
    for index, spec in enumerate(operations):
        if not isinstance(spec, dict):
            _fail("invalid", "an operation must be an object", index, None)
        if spec.get("op") not in ("create", "update", "delete"):
            _fail(
                "invalid",
                f"op must be create, update or delete, not {spec.get('op')!r}",
                index,
                str(spec.get("op")),
            )


def validate(operations):
    """
    Validate a list of operations without changing anything.

    Args:
        operations (list): The operations (PROTOCOL.md).

    Returns:
        list: The results a real run would give, with `dbref` null for created objects.

    Raises:
        WorldError: `invalid`, naming the first bad operation.

    """
    _check_operations(operations)
    simulation = _Simulation()
    return [getattr(simulation, spec["op"])(index, spec) for index, spec in enumerate(operations)]


# ---------------------------------------------------------------------------------------------
# execution


def _resolve(ref, index, op, name):
    """Look a Ref up in the database as it is now (inside the transaction)."""
    parsed = _parse_ref(ref, index, op, name)
    obj = _find_by_seed(parsed[1]) if parsed[0] == "seed" else _find_by_id(parsed[1])
    if obj is None:
        _fail("invalid", f"{name} {_describe_ref(parsed)} does not exist", index, op)
    return obj


def _set_tag(obj, category, value):
    obj.tags.clear(category=category)
    if value:
        obj.tags.add(value, category=category)


def _replace_tags(obj, tags):
    for key, category in obj.tags.all(return_key_and_category=True):
        if not (category or "").startswith(MANAGED_PREFIX):
            obj.tags.remove(key, category=category)
    for key, category in tags:
        obj.tags.add(key, category=category)


def _set_locks(obj, locks, index, op):
    for access_type, definition in locks.items():
        obj.locks.remove(access_type)
        if not obj.locks.add(f"{access_type}:{definition}"):
            _fail("invalid", f"bad lock '{access_type}:{definition}'", index, op)


def _set_attributes(obj, attributes):
    for name, value in attributes.items():
        if value is None:
            obj.attributes.remove(name)
        else:
            obj.attributes.add(name, value)


def _touch(guard, *objs):
    for obj in objs:
        if obj is not None and getattr(obj, "pk", None):
            guard.touched.add(obj.pk)


def _execute_create(index, spec, guard):
    op = "create"
    kind = spec["kind"]
    cls = _typeclass_for(kind, spec.get("typeclass") or DEFAULT_TYPECLASSES[kind], index, op)
    seed = _normalise_seed(spec["seedId"], index, op, allow_none=False)
    if _find_by_seed(seed) is not None:
        _fail("invalid", f"seedId '{seed}' is already in use", index, op)
    location = _resolve(spec["location"], index, op, "location") if spec.get("location") else None
    destination = (
        _resolve(spec["destination"], index, op, "destination") if spec.get("destination") else None
    )
    _touch(guard, location, destination)
    obj = create.create_object(
        cls,
        key=spec["key"],
        location=location,
        home=location if kind != "room" else None,
        destination=destination,
        aliases=spec.get("aliases") or None,
    )
    obj.tags.add(seed, category=SEED_CATEGORY)
    area = _normalise_area(spec.get("area"), index, op)
    if area:
        obj.tags.add(area, category=AREA_CATEGORY)
    if spec.get("tags"):
        _replace_tags(obj, _check_tags(spec["tags"], index, op))
    if spec.get("locks"):
        _set_locks(obj, spec["locks"], index, op)
    if spec.get("desc") is not None:
        obj.db.desc = spec["desc"]
    if spec.get("attributes"):
        _set_attributes(obj, {k: v for k, v in spec["attributes"].items() if v is not None})
    return {"index": index, "op": op, "dbref": dbref_of(obj), "seedId": seed_of(obj)}


def _execute_update(index, spec, guard):
    op = "update"
    obj = _resolve(spec["target"], index, op, "target")
    changes = spec["set"]
    _touch(guard, obj, obj.location, obj.destination, obj.home)
    kind = kind_of(obj)
    if "typeclass" in changes:
        cls = _typeclass_for(kind, changes["typeclass"], index, op)
        if obj.typeclass_path != cls.path:
            obj.swap_typeclass(
                cls, clean_attributes=False, run_start_hooks="at_object_creation", no_default=True
            )
    if "key" in changes:
        obj.key = changes["key"]
    if "aliases" in changes:
        for alias in plain_aliases(obj):
            obj.aliases.remove(alias)
        if changes["aliases"]:
            obj.aliases.add(list(changes["aliases"]))
    if "area" in changes:
        _set_tag(obj, AREA_CATEGORY, _normalise_area(changes["area"], index, op))
    if "seedId" in changes:
        seed = _normalise_seed(changes["seedId"], index, op, allow_none=True)
        holder = _find_by_seed(seed) if seed else None
        if holder is not None and holder.id != obj.id:
            _fail("invalid", f"seedId '{seed}' is already used by #{holder.id}", index, op)
        _set_tag(obj, SEED_CATEGORY, seed)
    if "location" in changes:
        location = (
            None
            if changes["location"] is None
            else _resolve(changes["location"], index, op, "location")
        )
        _touch(guard, location)
        if location != obj.location:
            moved = obj.move_to(
                location,
                quiet=True,
                use_destination=False,
                to_none=location is None,
                move_type="teleport",
            )
            if not moved:
                _fail("failed", f"could not move #{obj.id}", index, op)
    if "destination" in changes:
        destination = (
            None
            if changes["destination"] is None
            else _resolve(changes["destination"], index, op, "destination")
        )
        _touch(guard, destination)
        obj.destination = destination
    if "desc" in changes:
        if changes["desc"] is None:
            obj.attributes.remove("desc")
        else:
            obj.db.desc = changes["desc"]
    if changes.get("locks"):
        _set_locks(obj, changes["locks"], index, op)
    if "tags" in changes:
        _replace_tags(obj, _check_tags(changes["tags"] or [], index, op))
    if changes.get("attributes"):
        _set_attributes(obj, changes["attributes"])
    if kind == "exit" and {"key", "aliases", "typeclass", "destination"} & set(changes):
        # Evennia builds an exit's command from its key and aliases once; rebuild it
        obj.at_cmdset_get(force_init=True)
    return {"index": index, "op": op, "dbref": dbref_of(obj), "seedId": seed_of(obj)}


def _execute_delete(index, spec, guard):
    op = "delete"
    obj = _resolve(spec["target"], index, op, "target")
    seed = seed_of(obj)
    if not seed:
        _fail("invalid", f"refusing to delete #{obj.id}: it has no seedId", index, op)
    # everything Evennia's delete() may change: contents go home, exits in and to it go
    _touch(guard, obj, obj.location, obj.destination, obj.home, *obj.contents)
    for other in ObjectDB.objects.filter(
        Q(db_location=obj) | Q(db_destination=obj) | Q(db_home=obj)
    ):
        _touch(guard, other, other.home, other.location)
    for content in obj.contents:
        _touch(guard, content.home)
    result = {"index": index, "op": op, "dbref": dbref_of(obj), "seedId": seed}
    if not obj.delete():
        _fail("failed", f"#{obj.id} refused to be deleted", index, op)
    return result


_EXECUTORS = {"create": _execute_create, "update": _execute_update, "delete": _execute_delete}


class _CacheGuard:
    """
    Remembers what a transaction may change in Evennia's in-memory caches, and repairs them if
    the transaction is rolled back (the database forgets, the idmapper cache does not).

    """

    def __init__(self):
        # by primary key; the instances are kept so that "the same instance" can be checked
        self.objects_before = {obj.pk: obj for obj in ObjectDB.get_all_cached_instances()}
        self.scripts_before = {script.pk: script for script in ScriptDB.get_all_cached_instances()}
        self.touched = set()

    def repair(self):
        """Bring the cached objects back in line with the rolled-back database."""
        # scripts and objects created by the transaction no longer exist
        for script in ScriptDB.get_all_cached_instances():
            if self.scripts_before.get(script.pk) is not script:
                # stop its timer without Script.stop(), which would save the script again
                task = script.ndb._task
                if task is not None and task.running:
                    task.stop()
                script.ndb._task = None
                script.flush_from_cache(force=True)
        for obj in ObjectDB.get_all_cached_instances():
            if self.objects_before.get(obj.pk) is not obj:
                obj.flush_from_cache(force=True)
        # objects the transaction changed get their state back from the database
        existing = set(ObjectDB.objects.filter(id__in=self.touched).values_list("id", flat=True))
        for obj in ObjectDB.get_all_cached_instances():
            if obj.pk in self.touched:
                if obj.pk in existing:
                    _reload_in_place(obj)
                else:
                    obj.flush_from_cache(force=True)
        # scripts of objects that were deleted and are back need their timers again
        for script in ScriptDB.objects.filter(db_obj__in=existing, db_is_active=True):
            task = script.ndb._task
            if script.db_interval and script.db_interval > 0 and not (task and task.running):
                try:
                    script._start_task()
                except Exception:
                    logger.log_trace("world_apply rollback: restarting a script")


_OBJECT_FIELDS = [field for field in ObjectDB._meta.concrete_fields]


def _reload_in_place(obj):
    """Reload a cached object's fields and handler caches from the database."""
    row = ObjectDB.objects.filter(pk=obj.pk).values(*[f.attname for f in _OBJECT_FIELDS]).first()
    if row is None:
        obj.flush_from_cache(force=True)
        return
    for field in _OBJECT_FIELDS:
        setattr(obj, field.attname, row[field.attname])
        if field.is_relation:
            obj._state.fields_cache.pop(field.name, None)
    if obj.__class__.path != obj.db_typeclass_path:
        obj.set_class_from_typeclass(typeclass_path=obj.db_typeclass_path)
    for handler in ("attributes", "tags", "aliases", "permissions", "nicks"):
        try:
            getattr(obj, handler).reset_cache()
        except Exception:
            logger.log_trace(f"world_apply rollback: resetting {handler} of #{obj.pk}")
    obj.locks.reset()
    obj.contents_cache.init()
    try:
        obj.cmdset.update(init_mode=True)
        if isinstance(obj, DefaultExit):
            obj.at_cmdset_get(force_init=True)
    except Exception:
        logger.log_trace(f"world_apply rollback: reloading the cmdsets of #{obj.pk}")


def apply(operations, dry_run=False):
    """
    Validate, then (unless `dry_run`) run a list of operations in one transaction.

    Args:
        operations (list): The operations (PROTOCOL.md).
        dry_run (bool): Only validate.

    Returns:
        list: `[{index, op, dbref, seedId}]`, one per operation.

    Raises:
        WorldError: `invalid` or `failed`; nothing has changed.

    """
    planned = validate(operations)
    if dry_run:
        return planned
    guard = _CacheGuard()
    results = []
    current = {"index": None, "op": None}
    try:
        with _perception.suppressed(), transaction.atomic():
            for index, spec in enumerate(operations):
                current.update(index=index, op=spec["op"])
                results.append(_EXECUTORS[spec["op"]](index, spec, guard))
    except WorldError:
        guard.repair()
        raise
    except Exception as err:
        logger.log_trace("world_apply: an operation failed; the transaction was rolled back")
        guard.repair()
        raise WorldError(
            "failed", f"{type(err).__name__}: {err}", index=current["index"], op=current["op"]
        ) from err
    if results:
        _perception.refresh_all()
    return results
