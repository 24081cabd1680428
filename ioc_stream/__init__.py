"""ioc-stream: raise an alert to the airline's operations bridge when passengers report first."""

from ioc_stream import native  # noqa: F401 - decides, before any import of the core, compiled or source

__version__ = "0.1.0"
