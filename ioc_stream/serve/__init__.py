"""The HTTP face of ioc-stream: alert feed API, liaison console, bridge wall and social pulse."""
