"""The cluster.yaml wizard: steps made from the schema, validation as you type, review, save,
install. `step_catalog` decides what each step shows (pure, no Textual); `draft_editor` applies
edits to the draft off the event loop; `wizard_screen` draws it all."""
