"""The KubeFATE-compatible REST API v1 served by `kubefate-tui serve`."""

from backend.api.app import create_app
from backend.api.endpoints import Endpoint
from backend.api.options import ApiOptions

__all__ = ["ApiOptions", "Endpoint", "create_app"]
