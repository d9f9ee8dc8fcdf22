"""
Tag categories and small helpers shared by the world-as-code and perception modules.

See `world-seed/PROTOCOL.md` in the repository for the contract with the TypeScript side:

- `timmy_seed`: the tag key is the object's seed id (stable name in the world file).
- `timmy_area`: the tag key is the area the object belongs to.
- `timmy_role`: the tag `agent` marks characters driven by an AI agent.

Not an inputfunc module.

"""

SEED_CATEGORY = "timmy_seed"
AREA_CATEGORY = "timmy_area"
ROLE_CATEGORY = "timmy_role"
AGENT_TAG = "agent"

#: Tag categories that world_apply manages itself (never replaced by an update's `tags`).
MANAGED_PREFIX = "timmy_"


def dbref_of(obj):
    """
    The `#<id>` reference of an object, or `None`.

    Args:
        obj (Object or None): The object.

    Returns:
        str or None: e.g. `"#12"`.

    """
    return f"#{obj.id}" if obj is not None else None


def seed_of(obj):
    """
    The seed id of an object (its tag in category `timmy_seed`), or `None`.

    Args:
        obj (Object or None): The object.

    Returns:
        str or None: The seed id.

    """
    if obj is None:
        return None
    return obj.tags.get(category=SEED_CATEGORY)


def area_of(obj):
    """
    The area of an object (its tag in category `timmy_area`), or `None`.

    Args:
        obj (Object or None): The object.

    Returns:
        str or None: The area.

    """
    if obj is None:
        return None
    return obj.tags.get(category=AREA_CATEGORY)


def is_agent(obj):
    """
    Whether an object is a character driven by an agent (tag `agent`, category `timmy_role`).

    Args:
        obj (Object): The object.

    Returns:
        bool: True for agents.

    """
    return bool(obj.tags.has(AGENT_TAG, category=ROLE_CATEGORY))


def plain_aliases(obj):
    """
    The aliases given to an object, sorted: those without a category.

    Evennia adds aliases of its own in category `plural_key` ("a shrine", "one shrine") when it
    counts objects for display; they are not part of the world.

    Args:
        obj (Object): The object.

    Returns:
        list: Alias strings, sorted.

    """
    return sorted(
        key for key, category in obj.aliases.all(return_key_and_category=True) if category is None
    )
