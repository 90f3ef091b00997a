"""The job engine: install, update and delete jobs with KubeFATE's states, run against the store,
Helm and Kubernetes (docs/kubefate-behaviour.md)."""
