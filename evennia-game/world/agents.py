"""
Agent provisioning: the privileged `agent_provision` request.

Contract: "Agents" in `world-seed/PROTOCOL.md`. The inputfunc in
`server/conf/agent_inputfuncs.py` only calls `handle_agent_provision`.

`agent_provision {requestId, name, password, builder?, parent?, role?}` makes sure that an account
`name` with that password exists, with a character that

- is tagged `agent` in category `timmy_role` (so `room_info` shows `agent: true`),
- stores `parent` and `role` in `db.timmy_parent` and `db.timmy_role` (cleared when not given),
- has the `Builder` permission exactly when `builder` is true (on the account, which Evennia
  checks while the character is puppeted, and on the character),
- when new, stands in the arrival room (`settings.START_LOCATION`, Limbo).

A new account is made as Evennia makes any (`Account.create`, which also creates its character and
joins the default channels), but without the per-IP creation throttle of the `create` login
command. An existing account gets the new password. Provisioning again with the same request
changes nothing else, so it is idempotent. The superuser and the privileged accounts are never
provisioned (their passwords must not be reset through this path).

Not an inputfunc module.

"""

from django.conf import settings
from evennia.accounts.models import AccountDB
from evennia.utils.utils import class_from_module

from world.agent_replies import FAILED, FORBIDDEN, INVALID, AgentRequestError, require_string
from world.seeding import is_privileged
from world.tags import AGENT_TAG, ROLE_CATEGORY, dbref_of

AGENT_PROVISION = "agent_provision"
BUILDER = "Builder"
MAX_NAME_LENGTH = 30
MAX_PASSWORD_LENGTH = 200
MAX_PARENT_LENGTH = 80
MAX_ROLE_LENGTH = 80


def _optional_string(kwargs, field, max_length):
    """A string field that may be missing or null (None then)."""
    if kwargs.get(field) is None:
        return None
    return require_string(kwargs, field, max_length) or None


def _password(kwargs):
    """The password, unchanged (not stripped)."""
    password = kwargs.get("password")
    if not isinstance(password, str) or not password:
        raise AgentRequestError(INVALID, "password must be a non-empty string")
    if len(password) > MAX_PASSWORD_LENGTH:
        raise AgentRequestError(
            INVALID, f"password is longer than {MAX_PASSWORD_LENGTH} characters"
        )
    return password


def _refuse_privileged(account):
    """Refuse to provision the superuser or a privileged account."""
    allowed = {str(name).lower() for name in getattr(settings, "TIMMY_PRIVILEGED_ACCOUNTS", [])}
    if account.is_superuser or account.username.lower() in allowed:
        raise AgentRequestError(
            INVALID, f"{account.username} is a privileged account and cannot be an agent"
        )


def _account_class():
    return class_from_module(settings.BASE_ACCOUNT_TYPECLASS)


def _create_account(name, password):
    """Create the account and its character as Evennia does for new accounts."""
    account, errors = _account_class().create(username=name, password=password)
    if account is None:
        raise AgentRequestError(INVALID, " ".join(str(e) for e in errors) or "cannot create")
    return account


def _update_password(account, password):
    """Give an existing account a new password, checked like a new one."""
    valid, errors = _account_class().validate_password(password, account=account)
    if not valid:
        raise AgentRequestError(INVALID, " ".join(str(e) for e in errors))
    account.set_password(password)
    account.save()


def _character_of(account, name):
    """The account's character called `name` (or its only one); created when it has none."""
    characters = list(account.characters.all())
    for character in characters:
        if character.key.lower() == name.lower():
            return character
    if characters:
        return characters[0]
    character, errors = account.create_character(key=account.key)
    if character is None:
        raise AgentRequestError(FAILED, " ".join(str(e) for e in errors or []) or "no character")
    return character


def _set_builder(account, character, builder):
    for holder in (account, character):
        if builder:
            holder.permissions.add(BUILDER)
        else:
            holder.permissions.remove(BUILDER)


def provision(name, password, builder=False, parent=None, role=None):
    """
    Create or update an agent's account and character.

    Args:
        name (str): The account name (also the new character's key).
        password (str): The password to set.
        builder (bool): Whether the agent has the `Builder` permission.
        parent (str, optional): The agent's parent in the lineage.
        role (str, optional): The agent's role.

    Returns:
        tuple: `(account, character, created)`.

    Raises:
        AgentRequestError: `invalid` for a bad name or password or a privileged account.

    """
    account = AccountDB.objects.filter(username__iexact=name).first()
    created = account is None
    if created:
        account = _create_account(name, password)
    else:
        _refuse_privileged(account)
        _update_password(account, password)
    character = _character_of(account, name)
    if not character.tags.has(AGENT_TAG, category=ROLE_CATEGORY):
        character.tags.add(AGENT_TAG, category=ROLE_CATEGORY)
    for attribute, value in (("timmy_parent", parent), ("timmy_role", role)):
        if value is None:
            character.attributes.remove(attribute)
        elif character.attributes.get(attribute) != value:
            character.attributes.add(attribute, value)
    _set_builder(account, character, builder)
    if created and character.location is None:
        character.move_to(character.home, quiet=True, move_type="teleport")
    return account, character, created


def provision_request(session, kwargs):
    """
    The `agent_provision` request (see the module docstring).

    Args:
        session (ServerSession): The requesting session.
        kwargs (dict): The request's keyword arguments.

    Returns:
        dict: `{account, character: {dbref, key}, created}`.

    Raises:
        AgentRequestError: `forbidden` for an unprivileged caller, `invalid` for a bad request.

    """
    if not is_privileged(session):
        raise AgentRequestError(FORBIDDEN, "agent_provision needs a privileged account")
    name = require_string(kwargs, "name", MAX_NAME_LENGTH)
    password = _password(kwargs)
    builder = kwargs.get("builder", False)
    if not isinstance(builder, bool):
        raise AgentRequestError(INVALID, "builder must be true or false")
    parent = _optional_string(kwargs, "parent", MAX_PARENT_LENGTH)
    role = _optional_string(kwargs, "role", MAX_ROLE_LENGTH)
    account, character, created = provision(
        name, password, builder=builder, parent=parent, role=role
    )
    return {
        "account": account.username,
        "character": {"dbref": dbref_of(character), "key": character.key},
        "created": created,
    }
