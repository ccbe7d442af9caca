"""The daemon's casework is `casework.judgement` (shared with the officers' actions in `web`)."""

from casework.judgement import (
    apply_triage,
    hold_for_officer,
    link_breach,
    new_case,
    record_message,
)

__all__ = ["apply_triage", "hold_for_officer", "link_breach", "new_case", "record_message"]
