"""Cluster.yaml drafts: a document being written or edited, kept round-trip (comments, key
order and untouched values survive), changed by schema path, with the engine rules applied.

* `ClusterDraft` (cluster_draft.py): load, read and change by path, text out, findings.
* `document_path` (document_path.py): `osx.partyList[1].partyId` as segments.
* `typed_value` (typed_values.py): what a user typed, as the YAML value its key takes.
* `choose_engines` (engine_choice.py): computing/federation/storage and the modules they need.
* `convert_layout` (layout_conversion.py): an old layout (rollsite under a v2 chart) rewritten
  as the chart reads it, each change as a `LayoutChange`.
* `read_document`, `replace_document` (document_file.py): a file read for editing and replaced
  in one step, keeping its permissions, owner, byte order mark and line ends.

The wizard, `kubefate-tui new` and `validate --fix` build on these; the rules themselves are
read from `backend/schema` (docs/architecture.md, invariant 2).
"""
