"""The console's own widgets, grouped by area: bars, tables, logs, job, cluster."""
