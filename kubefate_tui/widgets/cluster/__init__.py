"""Widgets of the cluster detail: overview, info, module states, spec."""
