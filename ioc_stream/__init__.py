"""ioc-stream: raise an alert to the airline's operations bridge when passengers report first."""

__version__ = "0.1.0"
