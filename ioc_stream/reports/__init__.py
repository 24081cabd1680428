"""Reports for people: the weekly scorecard and the daily social pulse message (pure), and their delivery (shell)."""
