"""Hot reload of profiles and sanctions lists: file changes, or a message on a Redis channel.

The watcher compares a fingerprint (path, size, mtime of every file) of the profile
folder and of each list path on a timer; `grenswacht worker reload` publishes on the
namespace's Redis channel, which every worker subscribes to. Either way the
EngineSlot builds the new set off the hot path and keeps the old one if it fails.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Iterable
from pathlib import Path

from streams.engines import EngineSlot
from streams.errors import StreamError

log = logging.getLogger(__name__)

Fingerprint = tuple[tuple[str, int, int], ...]
WHAT = ("all", "profiles", "lists")


def fingerprint(paths: Iterable[Path]) -> Fingerprint:
    entries: list[tuple[str, int, int]] = []
    for root in paths:
        files = [root] if root.is_file() else sorted(p for p in root.rglob("*") if p.is_file())
        for path in files:
            try:
                stat = path.stat()
            except FileNotFoundError:       # removed between listing and stat: the next poll sees it
                continue
            entries.append((str(path), stat.st_size, stat.st_mtime_ns))
    return tuple(entries)


class ReloadWatcher:
    def __init__(self, slot: EngineSlot) -> None:
        self.slot = slot
        config = slot.config
        self._profile_paths = [config.profiles_dir] if config.profiles_dir is not None else []
        self._list_paths = list(config.lists.paths)
        self._profiles = fingerprint(self._profile_paths)
        self._lists = fingerprint(self._list_paths)

    async def poll(self) -> None:
        """Rebuild when files changed since the last look (a refused set is not retried until they change again)."""
        loop = asyncio.get_running_loop()
        profiles = await loop.run_in_executor(None, fingerprint, self._profile_paths)
        lists = await loop.run_in_executor(None, fingerprint, self._list_paths)
        changed_profiles, changed_lists = profiles != self._profiles, lists != self._lists
        self._profiles, self._lists = profiles, lists
        if changed_lists:
            await self.slot.rebuild("lists changed", lists=True)
        elif changed_profiles:
            await self.slot.rebuild("profiles changed")

    async def on_message(self, what: str) -> None:
        await self.slot.rebuild(f"reload requested ({what})", lists=what in ("all", "lists"))


async def listen(redis_url: str, channel: str, watcher: ReloadWatcher, max_delay: float = 30.0) -> None:
    """Subscribe to the reload channel for as long as the worker runs; reconnect with backoff."""
    import redis.asyncio as aioredis
    from redis.exceptions import RedisError

    delay = 1.0
    while True:
        client = aioredis.from_url(redis_url)
        try:
            async with client.pubsub() as pubsub:
                await pubsub.subscribe(channel)
                log.info("listening for reload requests on redis channel %s", channel)
                delay = 1.0
                async for message in pubsub.listen():
                    if message.get("type") != "message":
                        continue
                    what = message["data"].decode() if isinstance(message["data"], bytes) else str(message["data"])
                    await watcher.on_message(what if what in WHAT else "all")
        except (RedisError, OSError) as exc:
            log.warning("redis at %s unavailable for reload requests (%s); retrying in %.0f s", redis_url, exc, delay)
        finally:
            await client.aclose()
        await asyncio.sleep(delay)
        delay = min(max_delay, delay * 2)


def request_reload(redis_url: str, channel: str, what: str = "all") -> int:
    """Publish a reload request; returns how many workers received it. Raises StreamError when
    Redis does not answer."""
    import redis

    client = redis.Redis.from_url(redis_url, socket_connect_timeout=3)
    try:
        return int(client.publish(channel, what))
    except (redis.RedisError, OSError) as exc:
        raise StreamError(f"Redis at {redis_url} is unreachable: {exc}") from None
    finally:
        client.close()
