"""The review service: cases from the hit topics in Redis, claims, decisions, and the reviewers' page."""
