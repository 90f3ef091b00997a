"""Where charts missing locally are fetched from (a light module: the embedded backend's
options name it before the console's first frame, without importing the Helm engine)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from backend.service_settings import ServiceSettings

DEFAULT_REPO_NAME = "kubefate"
DEFAULT_REPO_URL = "https://federatedai.github.io/KubeFATE"


@dataclass(frozen=True, slots=True)
class ChartRepoSettings:
    """Where charts missing locally are fetched from (`repo.*` service settings, §7.1)."""

    url: str = DEFAULT_REPO_URL
    name: str = DEFAULT_REPO_NAME
    username: str = ""
    password: str = field(default="", repr=False)

    @classmethod
    def from_service_settings(cls, settings: ServiceSettings) -> ChartRepoSettings:
        return cls(
            url=settings.get("repo.url"),
            name=settings.get("repo.name"),
            username=settings.get("repo.username"),
            password=settings.get("repo.password"),
        )
