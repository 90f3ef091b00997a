"""Widgets of the job detail: summary, states trail, timeline, slow reasons."""
