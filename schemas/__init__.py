"""Avro schemas of the contract records (`*.avsc`) and their codec.

`schemas.codec` encodes and decodes the Confluent wire format; `schemas.avsc`
knows the files and their fixed schema ids. The JSON Schemas in
../shared/contract/ stay the authority for field names; the .avsc files carry
the same fields with types that are never looser.
"""
