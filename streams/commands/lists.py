"""`grenswacht lists`: fetch the official sanctions files and show what a list folder holds."""

from __future__ import annotations

import shutil
import tempfile
import urllib.error
import urllib.request
from pathlib import Path

import click

from rules.errors import ListError
from rules.sanctions import load_lists

# where each file is published; `--source NAME=URL` overrides one (mirrors, tests)
OFFICIAL: dict[str, str] = {
    "sdn.csv": "https://sanctionslistservice.ofac.treas.gov/api/PublicationPreview/exports/SDN.CSV",
    "alt.csv": "https://sanctionslistservice.ofac.treas.gov/api/PublicationPreview/exports/ALT.CSV",
    "add.csv": "https://sanctionslistservice.ofac.treas.gov/api/PublicationPreview/exports/ADD.CSV",
    "un_consolidated.xml": "https://scsanctions.un.org/resources/xml/en/consolidated.xml",
    "eu_fsf.xml": "https://webgate.ec.europa.eu/fsd/fsf/public/files/xmlFullSanctionsList_1_1/content"
                  "?token=dG9rZW4tMjAxNw",
}


@click.group()
def lists() -> None:
    """Sanctions lists: download the official files, show a list folder."""


def _download(url: str, target: Path, timeout: float) -> None:
    request = urllib.request.Request(url, headers={"User-Agent": "grenswacht-lists/1"})
    with urllib.request.urlopen(request, timeout=timeout) as response, open(target, "wb") as out:
        shutil.copyfileobj(response, out)


@lists.command()
@click.option("--dest", type=click.Path(file_okay=False, path_type=Path), default=Path("sanctions-lists"),
              show_default=True, help="Folder the files are written to (replaced only when all files load).")
@click.option("--source", "sources", multiple=True, metavar="NAME=URL", help="Override or add a file's URL.")
@click.option("--only", multiple=True, metavar="NAME", help="Fetch only these files (default: all).")
@click.option("--timeout", type=float, default=60.0, show_default=True, help="Seconds per download.")
def update(dest: Path, sources: tuple[str, ...], only: tuple[str, ...], timeout: float) -> None:
    """Download the current official lists into DEST; the old files stay if anything fails."""
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
                raise click.ClickException(
                    f"cannot download {name} from {url}: {reason}. No network? The lists in {dest} "
                    "are unchanged; copy the official files there by hand and check them with "
                    "`grenswacht lists show`.") from None
        try:
            fresh = load_lists([staging])
        except ListError as exc:
            raise click.ClickException(f"downloaded file refused, lists in {dest} unchanged: {exc}") from None
        dest.mkdir(parents=True, exist_ok=True)
        for name in urls:
            shutil.move(str(staging / name), dest / name)
    click.echo(f"lists updated in {dest}: version {fresh.version}, {len(fresh.entities)} entities")


@lists.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
def show(paths: tuple[Path, ...]) -> None:
    """Print version and counts of the lists in PATHS (files or folders)."""
    loaded = load_lists(list(paths))
    click.echo(f"version: {loaded.version}")
    click.echo(f"entities: {len(loaded.entities)}")
    click.echo(f"names: {loaded.name_count()}")
    for key, value in loaded.counts().items():
        click.echo(f"  {key}: {value}")
    for file in loaded.files:
        click.echo(f"file: {file}")
