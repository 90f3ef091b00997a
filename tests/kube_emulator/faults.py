"""Injected failures: RBAC denials, server errors, dropped watch connections."""

from __future__ import annotations

import threading
from dataclasses import dataclass
from typing import TYPE_CHECKING

from tests.kube_emulator.resources import resource_for
from tests.kube_emulator.store import ApiError

if TYPE_CHECKING:
    from tests.kube_emulator.app import Target


@dataclass
class FaultRule:
    verbs: frozenset[str] | None  # None: every verb
    resource: str | None  # plural; None: every resource
    namespace: str | None
    user: str | None
    code: int
    reason: str
    message: str | None
    remaining: int | None  # None: forever

    def matches(self, verb: str, target: Target, user: str) -> bool:
        return (
            (self.verbs is None or verb in self.verbs)
            and (self.resource is None or self.resource == target.resource.plural)
            and (self.namespace is None or self.namespace == target.namespace)
            and (self.user is None or self.user == user)
        )


def forbidden(verb: str, target: Target, user: str) -> ApiError:
    """The RBAC denial text of a real API server, word for word."""
    resource = target.resource
    group = f".{resource.group}" if resource.group else ""
    scope = (
        f'in the namespace "{target.namespace}"'
        if target.namespace is not None and resource.namespaced
        else "at the cluster scope"
    )
    named = f' "{target.name}"' if target.name else ""
    message = (
        f'{resource.plural}{group}{named} is forbidden: User "{user}" cannot {verb} resource '
        f'"{resource.plural}" in API group "{resource.group}" {scope}'
    )
    details = {"kind": resource.plural, "group": resource.group}
    if target.name:
        details["name"] = target.name
    return ApiError(403, "Forbidden", message, details)


class Faults:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.rules: list[FaultRule] = []

    def deny(
        self,
        verbs: str | list[str] | None,
        resource: str | None,
        *,
        user: str | None = None,
        namespace: str | None = None,
        times: int | None = None,
    ) -> FaultRule:
        """Answer 403 Forbidden (RBAC wording) for these verbs on this resource."""
        return self._add(verbs, resource, user, namespace, times, 403, "Forbidden", None)

    def fail(
        self,
        verbs: str | list[str] | None,
        resource: str | None,
        *,
        code: int = 500,
        reason: str = "InternalError",
        message: str = "injected failure",
        user: str | None = None,
        namespace: str | None = None,
        times: int | None = None,
    ) -> FaultRule:
        """Answer `code` with a Status of this reason and message."""
        return self._add(verbs, resource, user, namespace, times, code, reason, message)

    def clear(self) -> None:
        with self._lock:
            self.rules.clear()

    def check(self, verb: str, target: Target, user: str) -> None:
        with self._lock:
            for rule in self.rules:
                if not rule.matches(verb, target, user):
                    continue
                if rule.remaining is not None:
                    rule.remaining -= 1
                    if rule.remaining <= 0:
                        self.rules.remove(rule)
                if rule.code == 403:
                    raise forbidden(verb, target, user)
                raise ApiError(rule.code, rule.reason, rule.message or rule.reason)

    def _add(
        self,
        verbs: str | list[str] | None,
        resource: str | None,
        user: str | None,
        namespace: str | None,
        times: int | None,
        code: int,
        reason: str,
        message: str | None,
    ) -> FaultRule:
        verb_set = (
            None if verbs is None else frozenset([verbs] if isinstance(verbs, str) else verbs)
        )
        plural = None if resource is None else resource_for(resource).plural
        rule = FaultRule(verb_set, plural, namespace, user, code, reason, message, times)
        with self._lock:
            self.rules.append(rule)
        return rule
