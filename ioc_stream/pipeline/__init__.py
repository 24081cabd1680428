"""The pure driver shared by replay and the worker: routing, event-time order, watermarks, deadlines, envelopes."""
