"""The correlation engine as the shells run it: alerts rendered for the bridge (priority table, desk facts)."""

from __future__ import annotations

from ioc_stream.alerts.priority import Priorities
from ioc_stream.alerts.render import render
from ioc_stream.config import CorrelationConfig
from ioc_stream.correlate.engine import CorrelationEngine
from ioc_stream.correlate.state import AlertRec
from ioc_stream.desk.reference import Desk
from ioc_stream.models import Alert


class Correlator(CorrelationEngine):
    """CorrelationEngine with the alert renderer: `priorities` ranks and explains, `desk` adds leg, unit, impact."""

    __slots__ = ("priorities",)

    def __init__(
        self, config: CorrelationConfig, priorities: Priorities | None = None, desk: Desk | None = None
    ) -> None:
        self.priorities = priorities or Priorities()
        super().__init__(config, self._render_alert, desk)

    def _render_alert(self, rec: AlertRec, ops_silent_since: int | bool | None) -> Alert:
        return render(rec, self.priorities, self.config, self.desk, ops_silent_since)
