"""The Faust app: kafka:// (aiokafka) transport, rocksdict tables, raw bytes in and out."""

from __future__ import annotations

from streams.config import WorkerConfig
from streams.fetchwait import ShortFetchApp


def create_app(config: WorkerConfig) -> ShortFetchApp:
    config.datadir.mkdir(parents=True, exist_ok=True)
    return ShortFetchApp(
        config.names.app_id,
        broker=f"kafka://{config.bootstrap}",
        # "rocksdb://" is faust's RocksDB store; without python-rocksdb installed it runs on rocksdict
        # (the tables also ask for the driver explicitly). faust has no "rocksdict://" store URL.
        store="rocksdb://",
        datadir=str(config.datadir),
        autodiscover=False,
        # Values are Avro in the Confluent wire format or tagged msgspec JSON: decoded by us, not faust.
        key_serializer="raw",
        value_serializer="raw",
        topic_partitions=config.partitions,
        topic_replication_factor=1,
        table_standby_replicas=0,
        consumer_auto_offset_reset="earliest",
        # Commit often: a restart re-screens at most this much (hit ids make that harmless).
        broker_commit_interval=1.0,
        # A SIGKILLed worker's partitions move to its successor after the session timeout.
        broker_session_timeout=config.session_timeout,
        broker_heartbeat_interval=min(3.0, config.session_timeout / 3),
        broker_max_poll_records=2000,
        producer_acks=-1,
        producer_linger=0.001,         # sends are few and small; a hit should not wait for company
        stream_buffer_maxsize=8192,
        web_enabled=True,
        web_port=config.web_port,
        web_bind="127.0.0.1",
        web_host="127.0.0.1",
    )
