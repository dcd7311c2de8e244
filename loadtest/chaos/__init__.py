"""Fault injection over the real stack: a private broker and Redis, workers, steady traffic, one fault,
and the outcome checked against the offline screen of the same traffic."""
