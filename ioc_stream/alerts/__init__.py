"""Alerts as people see them: rendering, explanation, priority, the action rule, the materialised view, the timeline."""
