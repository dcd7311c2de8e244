"""The local stack (a real Kafka broker in KRaft mode and Redis, no Docker) and deployment files."""
