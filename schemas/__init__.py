"""Avro schemas of the contract records (`*.avsc`) and their codec.

`schemas.codec` encodes and decodes the Confluent wire format; `schemas.avsc`
knows the files and their fixed schema ids. The .avsc files are the authority
for field names; tests/schemas/contract/ keeps the JSON Schema form that
upstream systems validate against, and a test holds the two to the same fields.
"""
