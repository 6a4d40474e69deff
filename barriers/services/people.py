"""People's access: accounts, staff and superuser flags, role groups, permissions, company.

Every change to who may do what is attributable: each changed attribute writes one `AuditEvent`
(who, whom, old value, new value) in the same transaction as the change, whichever door made it
(the user admin, the group admin, a management command).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, Final

from django.contrib.auth.models import Group, Permission
from django.db import transaction

from barriers.accounts import audit
from barriers.domain.errors import DomainError
from barriers.models import AuditEvent, Company, User
from barriers.services.base import row_lock
from barriers.services.documents import owner_documents_changed


class _Keep:
    """The value of an argument that was not given: leave the attribute as it is."""

    def __repr__(self) -> str:
        return "KEEP"


KEEP: Final = _Keep()

# The user's own details, changed by `user_update`; access is `user_update_access`'s.
USER_PROFILE_FIELDS = ("email", "full_name", "first_name", "last_name", "phone", "language")
USER_FLAGS = ("is_active", "is_staff", "is_superuser")


def _company_text(company: Company | None) -> str:
    return str(company) if company is not None else ""


def _names(items: Iterable[Any]) -> str:
    return ", ".join(sorted(str(item) for item in items))


def _permission_names(permissions: Iterable[Permission]) -> str:
    return ", ".join(sorted(f"{p.content_type.app_label}.{p.codename}" for p in permissions))


def user_update_access(
    *,
    user: User,
    actor: User | None,
    is_active: bool | _Keep = KEEP,
    is_staff: bool | _Keep = KEEP,
    is_superuser: bool | _Keep = KEEP,
    company: Company | _Keep | None = KEEP,
    groups: Iterable[Group] | _Keep = KEEP,
    user_permissions: Iterable[Permission] | _Keep = KEEP,
    channel: str = "",
) -> list[AuditEvent]:
    """Change a person's flags, role groups, permissions or company; one audit event per change."""
    events: list[AuditEvent] = []
    with transaction.atomic():
        locked: User = row_lock(User, user.pk)
        changed: list[str] = []
        flags = {"is_active": is_active, "is_staff": is_staff, "is_superuser": is_superuser}
        for name, value in flags.items():
            if isinstance(value, _Keep) or getattr(locked, name) == bool(value):
                continue
            old = getattr(locked, name)
            setattr(locked, name, bool(value))
            changed.append(name)
            events.append(
                audit.record_access_change(
                    actor=actor,
                    subject=locked,
                    field=name,
                    old=old,
                    new=bool(value),
                    channel=channel,
                )
            )
        if not isinstance(company, _Keep) and locked.company_id != (
            company.pk if company else None
        ):
            old_company = locked.company
            locked.company = company
            changed.append("company")
            events.append(
                audit.record_access_change(
                    actor=actor,
                    subject=locked,
                    field="company",
                    old=_company_text(old_company),
                    new=_company_text(company),
                    channel=channel,
                )
            )
        if locked.regulator_id is not None and (
            locked.is_staff or locked.is_superuser or locked.company_id is not None
        ):
            # The database refuses it too (user_company_or_regulator, ..._not_official).
            raise DomainError(
                "A counterpart focal point belongs to its regulator: it cannot be an official or "
                "join a company."
            )
        if changed:
            locked.save(update_fields=changed)
        if not isinstance(groups, _Keep):
            new_groups = list(groups)
            old_groups = list(locked.groups.all())
            if {g.pk for g in old_groups} != {g.pk for g in new_groups}:
                locked.groups.set(new_groups)
                events.append(
                    audit.record_access_change(
                        actor=actor,
                        subject=locked,
                        field="groups",
                        old=_names(old_groups),
                        new=_names(new_groups),
                        channel=channel,
                    )
                )
        if not isinstance(user_permissions, _Keep):
            new_perms = list(user_permissions)
            old_perms = list(locked.user_permissions.select_related("content_type"))
            if {p.pk for p in old_perms} != {p.pk for p in new_perms}:
                locked.user_permissions.set(new_perms)
                new_perms = list(
                    Permission.objects.filter(pk__in=[p.pk for p in new_perms]).select_related(
                        "content_type"
                    )
                )
                events.append(
                    audit.record_access_change(
                        actor=actor,
                        subject=locked,
                        field="user_permissions",
                        old=_permission_names(old_perms),
                        new=_permission_names(new_perms),
                        channel=channel,
                    )
                )
    for name in changed:
        setattr(user, name, getattr(locked, name))
    return events


def user_update(*, user: User, actor: User | None, **fields: Any) -> User:
    """Change a person's own details (name, e-mail address, phone, language); access is not
    changed here."""
    unknown = set(fields) - set(USER_PROFILE_FIELDS)
    if unknown:
        raise DomainError(f"{', '.join(sorted(unknown))} cannot be changed here.")
    if "email" in fields:
        fields["email"] = str(fields["email"]).strip().lower()
        if User.objects.filter(email=fields["email"]).exclude(pk=user.pk).exists():
            raise DomainError("There is already an account for this e-mail address.", field="email")
    with transaction.atomic():
        locked: User = row_lock(User, user.pk)
        names = [name for name, value in fields.items() if getattr(locked, name) != value]
        for name in names:
            setattr(locked, name, fields[name])
        if names:
            locked.save(update_fields=names)
        if {"full_name", "email"} & set(names):
            owner_documents_changed(owner=locked)
    for name in names:
        setattr(user, name, fields[name])
    return locked


def user_create(
    *,
    actor: User | None,
    email: str,
    password: str | None = None,
    full_name: str = "",
    company: Company | None = None,
    is_staff: bool = False,
    is_superuser: bool = False,
    groups: Iterable[Group] = (),
    channel: str = "",
) -> User:
    """Open an account; the access it starts with (staff, superuser, groups, company) is logged.

    `password` None leaves the account without a usable password.
    """
    email = email.strip().lower()
    with transaction.atomic():
        if User.objects.filter(email=email).exists():
            raise DomainError("There is already an account for this e-mail address.", field="email")
        user = User.objects.create_user(email=email, password=password, full_name=full_name)
        audit.record_access_change(
            actor=actor, subject=user, field="account", old="", new="created", channel=channel
        )
        user_update_access(
            user=user,
            actor=actor,
            is_staff=is_staff,
            is_superuser=is_superuser,
            company=company,
            groups=groups,
            channel=channel,
        )
    user.refresh_from_db()
    return user


def user_set_password(
    *, user: User, actor: User | None, password: str | None, channel: str = ""
) -> User:
    """Set a person's password for them (None: no usable password); logged, never the value."""
    with transaction.atomic():
        locked: User = row_lock(User, user.pk)
        had_password = locked.has_usable_password()
        if password is None:
            locked.set_unusable_password()
        else:
            locked.set_password(password)
        locked.save(update_fields=["password"])
        audit.record_access_change(
            actor=actor,
            subject=locked,
            field="password",
            old="usable" if had_password else "none",
            new="set by someone else" if password is not None else "none",
            channel=channel,
        )
    user.password = locked.password
    return locked


def user_delete(*, user: User, actor: User | None, channel: str = "") -> None:
    """Delete an account (only one nothing else refers to); the deletion is logged."""
    with transaction.atomic():
        locked: User = row_lock(User, user.pk)
        audit.record_access_change(
            actor=actor,
            subject=locked,
            field="account",
            old="active" if locked.is_active else "inactive",
            new="deleted",
            channel=channel,
        )
        locked.delete()


# ---------------------------------------------------------------------------------------------
# Groups: membership changed from the group's side
# ---------------------------------------------------------------------------------------------


def _group_members_set(
    *, group: Group, members: Iterable[User], actor: User | None, channel: str
) -> list[AuditEvent]:
    """Make `members` the group's members; each person who joins or leaves gets an event."""
    wanted = {user.pk for user in members}
    current = set(group.user_set.values_list("pk", flat=True))
    moved = wanted ^ current
    if not moved:
        return []
    people = list(
        User.objects.select_for_update()
        .filter(pk__in=moved)
        .order_by("pk")
        .prefetch_related("groups")
    )
    events = []
    for person in people:
        old = list(person.groups.all())
        new = [g for g in old if g.pk != group.pk]
        if person.pk in wanted:
            new.append(group)
        events.append(
            audit.record_access_change(
                actor=actor,
                subject=person,
                field="groups",
                old=_names(old),
                new=_names(new),
                channel=channel,
            )
        )
    group.user_set.remove(*[p for p in people if p.pk not in wanted])
    group.user_set.add(*[p for p in people if p.pk in wanted])
    return events


def _group_permissions_set(
    *, group: Group, permissions: Iterable[Permission], actor: User | None, channel: str
) -> AuditEvent | None:
    new = list(Permission.objects.filter(pk__in=[p.pk for p in permissions]))
    old = list(group.permissions.select_related("content_type"))
    if {p.pk for p in old} == {p.pk for p in new}:
        return None
    group.permissions.set(new)
    new = list(group.permissions.select_related("content_type"))
    return audit.record_access_change(
        actor=actor,
        subject=None,
        field="group_permissions",
        old=_permission_names(old),
        new=_permission_names(new),
        channel=channel,
        obj=group,
    )


def group_create(
    *,
    actor: User | None,
    name: str,
    permissions: Iterable[Permission] = (),
    members: Iterable[User] = (),
    channel: str = "",
) -> Group:
    """Create a group; its first members and permissions are logged as access changes."""
    name = name.strip()
    with transaction.atomic():
        if Group.objects.filter(name=name).exists():
            raise DomainError(f"A group named {name} already exists.", field="name")
        group = Group.objects.create(name=name)
        _group_permissions_set(group=group, permissions=permissions, actor=actor, channel=channel)
        _group_members_set(group=group, members=members, actor=actor, channel=channel)
    return group


def group_update(
    *,
    group: Group,
    actor: User | None,
    name: str | None = None,
    permissions: Iterable[Permission] | None = None,
    members: Iterable[User] | None = None,
    channel: str = "",
) -> Group:
    """Rename a group, change its permissions or its members; every member change is logged."""
    with transaction.atomic():
        locked: Group = row_lock(Group, group.pk)
        if name is not None and name.strip() != locked.name:
            name = name.strip()
            if Group.objects.filter(name=name).exclude(pk=locked.pk).exists():
                raise DomainError(f"A group named {name} already exists.", field="name")
            audit.record_access_change(
                actor=actor,
                subject=None,
                field="group_name",
                old=locked.name,
                new=name,
                channel=channel,
                obj=locked,
            )
            locked.name = name
            locked.save(update_fields=["name"])
        if permissions is not None:
            _group_permissions_set(
                group=locked, permissions=permissions, actor=actor, channel=channel
            )
        if members is not None:
            _group_members_set(group=locked, members=members, actor=actor, channel=channel)
    group.name = locked.name
    return locked


def group_delete(*, group: Group, actor: User | None, channel: str = "") -> None:
    """Delete a group that is not a role group; each member's loss of it is logged."""
    from barriers.accounts.roles import ROLE_GROUPS

    with transaction.atomic():
        locked: Group = row_lock(Group, group.pk)
        if locked.name in ROLE_GROUPS:
            raise DomainError(
                f"{locked.name} is one of the officials' role groups; it cannot be deleted."
            )
        _group_members_set(group=locked, members=[], actor=actor, channel=channel)
        locked.delete()
