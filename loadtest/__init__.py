"""Load generation, replay helpers and benchmarks for grenswacht."""
