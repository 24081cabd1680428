"""The IOC desk's ways of working, as pure lookups: units by fleet and hub, the impact of a disrupted leg."""
