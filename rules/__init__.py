"""The pure screening engine: records, profiles, compiled kernels, sanctions matching.

Nothing in this package imports Faust, Kafka or Redis; the stream and the
command line are thin shells around it.
"""
