"""A Faust app whose consumer waits at most a few milliseconds in a fetch.

faust's aiokafka driver creates its consumer with fetch_max_wait_ms=1500 and no
setting to change it. While one fetch request long-polls partitions that have
nothing new, aiokafka sends no other request to that broker, so a message on a
busy partition can wait up to the full 1.5 s: the largest share of event-to-hit
latency at moderate rates, paid again on the second hop. A short wait costs a
few more empty fetches per second, nothing at high rates.

The app also drains fetched messages inline (streams.drainloop) and runs without faust's
Monitor sensor: both are per-message costs that a backlog pays in full.
"""

from __future__ import annotations

from typing import Any

import faust
from faust.transport.drivers import aiokafka as driver

from streams.commitdrain import DrainingProducer
from streams.drainloop import InlineDrain
from streams.offsetgaps import ContiguousConsumer
from streams.tap import SourceTap

FETCH_MAX_WAIT_MS = 5


class _ConsumerThread(driver.AIOKafkaConsumerThread):
    def _create_worker_consumer(self, transport: Any) -> Any:
        consumer = super()._create_worker_consumer(transport)
        # read by AIOKafkaConsumer.start() when it builds its Fetcher; set before the thread starts it
        consumer._fetch_max_wait_ms = FETCH_MAX_WAIT_MS
        return consumer


class _Consumer(InlineDrain, ContiguousConsumer):
    def _new_consumer_thread(self) -> driver.AIOKafkaConsumerThread:
        return _ConsumerThread(self, loop=self.loop, beacon=self.beacon)


class _Transport(driver.Transport):
    Consumer = _Consumer
    Producer = DrainingProducer


class ShortFetchApp(faust.App):
    """faust.App on the kafka:// transport with FETCH_MAX_WAIT_MS instead of 1.5 s, the inline drain loop
    of streams.drainloop, no Monitor sensor, committing an offset only once the table writes before it
    have left (streams.commitdrain) and only over messages that were processed (streams.offsetgaps).
    `taps` are the source topics whose messages go to their screening agent by streams.tap."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.taps: dict[str, SourceTap] = {}

    def on_init_dependencies(self) -> Any:
        dependencies = super().on_init_dependencies()
        # faust's Monitor sensor keeps in-memory stats per event that nothing here reads (the worker's
        # figures are prometheus metrics); its per-event callbacks cost more than the event's ack
        if self.monitor in self.sensors:
            self.sensors.remove(self.monitor)
        return dependencies

    def _new_transport(self) -> Any:
        return _Transport(self.conf.broker_consumer, self)
