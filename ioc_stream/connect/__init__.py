"""Live connectors: the FAA status poller and the X filtered stream, read over HTTP into the input topics."""
