"""`grenswacht lists`: fetch the official sanctions files and show what a list folder holds."""

from __future__ import annotations

import datetime as dt
import shutil
import tempfile
import urllib.error
import urllib.request
from pathlib import Path

import click

from rules.errors import ListError
from rules.sanctions import load_lists
from rules.sanctions.snapshot import file_date, record_update, write_meta
from streams import lists as list_files
from streams.commandgroup import Group
from streams.config import data_dir
from streams.lists import resolve, sources

# where each file is published; `--source NAME=URL` overrides one (mirrors, tests)
OFFICIAL: dict[str, str] = {
    "sdn.csv": "https://sanctionslistservice.ofac.treas.gov/api/PublicationPreview/exports/SDN.CSV",
    "alt.csv": "https://sanctionslistservice.ofac.treas.gov/api/PublicationPreview/exports/ALT.CSV",
    "add.csv": "https://sanctionslistservice.ofac.treas.gov/api/PublicationPreview/exports/ADD.CSV",
    "un_consolidated.xml": "https://scsanctions.un.org/resources/xml/en/consolidated.xml",
    "eu_fsf.xml": "https://webgate.ec.europa.eu/fsd/fsf/public/files/xmlFullSanctionsList_1_1/content"
                  "?token=dG9rZW4tMjAxNw",
}


@click.group(cls=Group)
def lists() -> None:
    """Sanctions lists: download the official files, show a list folder."""


def _download(url: str, target: Path, timeout: float) -> None:
    request = urllib.request.Request(url, headers={"User-Agent": "grenswacht-lists/1"})
    with urllib.request.urlopen(request, timeout=timeout) as response, open(target, "wb") as out:
        shutil.copyfileobj(response, out)


@lists.command()
@click.option("--dest", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Folder the files are written to (replaced only when all files load). Default: lists/ in the "
                   "user's data folder (GRENSWACHT_DATA). Either way it becomes the lists in force for every "
                   "later start without --lists.")
@click.option("--source", "sources", multiple=True, metavar="NAME=URL", help="Override or add a file's URL.")
@click.option("--only", multiple=True, metavar="NAME", help="Fetch only these files (default: all).")
@click.option("--timeout", type=float, default=60.0, show_default=True, help="Seconds per download.")
def update(dest: Path | None, sources: tuple[str, ...], only: tuple[str, ...], timeout: float) -> None:
    """Download the current official lists into DEST; the old files stay if anything fails."""
    dest = dest or data_dir() / "lists"
    urls = dict(OFFICIAL)
    for item in sources:
        name, sep, url = item.partition("=")
        if not sep or not name or not url:
            raise click.BadParameter(f"{item!r} is not NAME=URL", param_hint="--source")
        urls[name] = url
    if only:
        unknown = set(only) - set(urls)
        if unknown:
            raise click.BadParameter(f"unknown file(s): {', '.join(sorted(unknown))}", param_hint="--only")
        urls = {n: urls[n] for n in only}
    with tempfile.TemporaryDirectory(prefix="grenswacht-lists-") as tmp:
        staging = Path(tmp)
        for name, url in urls.items():
            click.echo(f"fetching {name} from {url}")
            try:
                _download(url, staging / name, timeout)
            except (urllib.error.URLError, OSError, TimeoutError) as exc:
                reason = getattr(exc, "reason", exc)
                raise ListError(url, f"cannot download {name}: {reason}. No network? The lists in {dest} "
                                     "are unchanged; copy the official files there by hand and check them "
                                     "with `grenswacht lists show`.") from None
        try:
            fresh = load_lists([staging])
        except ListError as exc:
            raise ListError(exc.file, f"{exc.reason}; downloaded file refused, lists in {dest} unchanged") from None
        dest.mkdir(parents=True, exist_ok=True)
        for name in urls:
            shutil.move(str(staging / name), dest / name)
    dated = [d for d in (file_date(dest / n) for n in urls) if d is not None]
    retrieved = dt.datetime.now(dt.timezone.utc).date()
    write_meta(dest, min(dated) if dated else retrieved,
               "date the XML lists say they were generated" if dated else "date the files were downloaded")
    record_update(data_dir(), dest)
    click.echo(f"lists updated in {dest}: version {fresh.version}, {len(fresh.entities)} entities; "
               "in force from the next start or reload of every worker without --lists")


@lists.command()
@click.argument("paths", nargs=-1, type=click.Path(exists=True, path_type=Path))
def show(paths: tuple[Path, ...]) -> None:
    """Print each source of the lists in PATHS (default: the lists in force) with its entity count, date and
    version, then the counts of the whole set."""
    choice = resolve(paths, no_lists=False)
    click.echo(f"lists: {choice.describe()}")
    click.echo(f"{'source':<8}{'entities':>9}  {'date':<12}{'version':<22}files")
    for part in sources(choice.paths):
        date = part.published.isoformat() if part.published else "unknown"
        click.echo(f"{part.source:<8}{part.entities:>9}  {date:<12}{part.version:<22}"
                   f"{', '.join(p.name for p in part.files)}")
    loaded, described = list_files.load(choice)
    assert loaded is not None and described.age is not None
    click.echo(f"version: {loaded.version}")
    click.echo(f"age: {described.age.describe()}")
    click.echo(f"entities: {len(loaded.entities)}")
    click.echo(f"names: {loaded.name_count()}")
    for key, value in loaded.counts().items():
        click.echo(f"  {key}: {value}")
    for file in loaded.files:
        click.echo(f"file: {file}")
