"""`grenswacht review`: the review service, its accounts, and the allow-list."""

from __future__ import annotations

import logging
from pathlib import Path

import click

from rules.hits import QUEUES


@click.group()
def review() -> None:
    """Review queues: the service with the reviewers' page, accounts, allow-list."""


@review.command()
@click.option("--port", type=int, default=None, help="Web port (default 6070).")
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--accounts", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Accounts file (default $GRENSWACHT_REVIEWERS or $GRENSWACHT_HOME/reviewers.yaml).")
@click.option("--claim-timeout", type=click.FloatRange(min=0, min_open=True), default=None,
              help="Seconds before an undecided claim returns to its queue (default 1800, "
                   "or $GRENSWACHT_CLAIM_TIMEOUT).")
def serve(port: int | None, host: str, accounts: Path | None, claim_timeout: float | None) -> None:
    """Read the hit topics into cases and serve the reviewers' page and /metrics."""
    from streams.review.service import DEFAULT_PORT, ReviewConfig, serve as run

    logging.basicConfig(level="INFO", format="[%(asctime)s] %(levelname)s %(name)s: %(message)s")
    options = {"port": port or DEFAULT_PORT, "host": host}
    if accounts is not None:
        options["accounts"] = accounts
    if claim_timeout is not None:
        options["claim_timeout"] = claim_timeout
    run(ReviewConfig(**options))  # type: ignore[arg-type]


@review.group()
def user() -> None:
    """Reviewer accounts."""


@user.command("add")
@click.argument("name")
@click.option("--queue", "queues", multiple=True, required=True, type=click.Choice(QUEUES),
              help="A queue this reviewer may work (repeat for several).")
@click.option("--password", prompt=True, hide_input=True, confirmation_prompt=True,
              help="Asked for when not given.")
@click.option("--accounts", type=click.Path(dir_okay=False, path_type=Path), default=None)
def add(name: str, queues: tuple[str, ...], password: str, accounts: Path | None) -> None:
    """Create or replace a reviewer account (argon2 hash) in the accounts file."""
    from streams.review.accounts import add_user, default_path

    path = accounts or default_path()
    account = add_user(path, name, password, list(queues))
    click.echo(f"account {account.name} ({', '.join(sorted(account.queues))}) written to {path}")


@review.command("withdraw")
@click.argument("entry")
@click.option("--by", "who", required=True, help="Who withdraws it (for the audit trail).")
def withdraw(entry: str, who: str) -> None:
    """Withdraw an allow-list entry by its key (party key|entity id), with a tombstone."""
    from streams.config import kafka_bootstrap
    from streams.naming import Names
    from streams.review.publisher import Publisher

    publisher = Publisher(kafka_bootstrap(), Names.from_env())
    publisher.allow_entry(entry, None)
    publisher.audit(who, "allow_withdraw", None, entry)
    click.echo(f"withdrew {entry}")
