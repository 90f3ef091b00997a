"""The embedded backend: what the KubeFATE service does, in this process."""

from backend.embedded.embedded_backend import EmbeddedBackend, EmbeddedOptions

__all__ = ["EmbeddedBackend", "EmbeddedOptions"]
