"""Faust agents: screening per source topic, and the running totals with the hit ledger."""
