"""Writing a planned federation: the federation file and each member's cluster.yaml, all new
files (a file already there is someone's work: nothing is written unless replacing is asked)."""

from __future__ import annotations

from pathlib import Path

from backend.drafts.document_file import write_new_document
from backend.federation.federation_file import write_federation
from backend.federation.plan import FederationPlan


class PlanNotWritten(Exception):
    """Nothing was written; the message says why (a file exists, a folder cannot be made)."""


def plan_texts(plan: FederationPlan) -> dict[Path, str]:
    """Every file of the plan and its text, the federation file first."""
    return {plan.federation.path: write_federation(plan.federation), **plan.texts}


def write_plan(plan: FederationPlan, *, replace: bool = False) -> list[Path]:
    """Write the plan's files (blocking: call it in a thread from the console); the paths.
    PlanNotWritten when one exists and `replace` is False, before anything is written."""
    texts = plan_texts(plan)
    existing = [path for path in texts if path.exists()]
    if existing and not replace:
        raise PlanNotWritten(f"{existing[0]} exists; nothing was written")
    try:
        for path, text in texts.items():
            path.parent.mkdir(parents=True, exist_ok=True)
            write_new_document(path, text, replace=replace)
    except FileExistsError as error:  # made meanwhile by someone else: theirs stays
        raise PlanNotWritten(f"{error.filename or 'a file'} exists; stopped there") from None
    except OSError as error:
        raise PlanNotWritten(f"cannot write {error.filename}: {error.strerror}") from None
    return list(texts)
