"""Ordinary traffic: the everyday declarations of a Dutch customs day, one builder per type.

Sources follow who sends what in the Netherlands: DMS for imports (H1, H7),
AES for exports (B1), ICS2 for entry summaries (F-columns), NCTS for transit
(D-columns). The mix is by event count, dominated by low-value e-commerce.
"""

from __future__ import annotations

import random
from typing import Any

from loadtest import catalogue as cat
from loadtest import lines as ln
from loadtest.catalogue import Goods
from loadtest.ids import EventClock, Identifiers
from loadtest.names import Party, express_operators, foreign_company, nl_broker, nl_company, nl_person

Event = dict[str, Any]

# Goods items per declaration, drawn uniformly from these tuples (shapes, not statistics).
H7_COUNTS = (1, 1, 1, 1, 1, 1, 1, 2, 2, 3)
H1_COUNTS = (1, 1, 1, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 4, 4, 5, 6, 8, 10, 12, 15, 20)
B1_COUNTS = (1, 1, 1, 1, 2, 2, 3, 4, 6, 10)
ENS_COUNTS = (1, 1, 1, 1, 1, 2, 2, 3, 5)
D_COUNTS = (1, 1, 2, 3, 5, 8)
# ENS columns spread over sea (F1x), air (F2x), express and postal (F3x) and road/rail (F5x).
ENS_TYPES = ("F23", "F23", "F26", "F26", "F32", "F33", "F10", "F11", "F20", "F50", "F51")
D_TYPES = ("D1", "D1", "D1", "D1", "D2", "D3")
H1_PROCEDURES = ("4000",) * 16 + ("4200", "4200", "6121")
# The 17th MRN character names the procedure category; screening never reads it.
MRN_LETTER = {"H1": "J", "H7": "R", "B1": "A", "ENS": "U", "D": "T"}
POOL_SIZE = {"persons": 5000, "importers": 1500, "exporters": 800, "brokers": 40, "foreign": 60}


class Traffic:
    """Builds ordinary declaration events; planted cases reuse its parties and line builders."""

    def __init__(self, rng: random.Random, ids: Identifiers, clock: EventClock, seed: int) -> None:
        self.rng = rng
        self.ids = ids
        self.clock = clock
        self.now = clock.now()
        self.date = clock.date()
        self.year = clock.year
        self._party_rng = random.Random(f"parties:{seed}")
        prng = self._party_rng
        self.persons = [nl_person(prng) for _ in range(POOL_SIZE["persons"])]
        self.importers = [nl_company(prng) for _ in range(POOL_SIZE["importers"])]
        self.exporters = [nl_company(prng) for _ in range(POOL_SIZE["exporters"])]
        self.brokers = [nl_broker(prng) for _ in range(POOL_SIZE["brokers"])]
        self.express = express_operators(prng)
        self._foreign: dict[str, list[Party]] = {}

    def tick(self) -> None:
        """Take the clock's current time for the next event (called once per event)."""
        self.now = self.clock.now()
        self.date = self.clock.date()

    def party(self, pool: list[Party]) -> Party:
        """A copy, so a caller that edits an event never edits the pool."""
        return dict(pool[int(self.rng.random() * len(pool))])

    def foreign(self, country: str) -> Party:
        """A counterparty in `country`; pools are built on first use, from their own seeded stream."""
        pool = self._foreign.get(country)
        if pool is None:
            pool = [foreign_company(self._party_rng, country) for _ in range(POOL_SIZE["foreign"])]
            self._foreign[country] = pool
        return dict(pool[int(self.rng.random() * len(pool))])

    def event(self, source: str, dtype: str, direction: str, letter: str, lines: list[ln.Line],
              parties: dict[str, Party], *, dated: bool = True, lrn_prefix: str = "NL") -> Event:
        """Common header; a few events are still keyed by LRN only (pre-lodged, not yet accepted)."""
        event: Event = {
            "event_id": self.ids.event_id(),
            "source": source,
            "declaration_type": dtype,
            "direction": direction,
            "lrn": self.ids.lrn(lrn_prefix),
            "mrn": self.ids.mrn(letter) if self.rng.random() > 0.03 else None,
            "version": 1,
            "event_time": self.now,
            "acceptance_date": self.date if dated else None,
        }
        event.update(parties)
        event["lines"] = lines
        return event

    def h7(self, count: int) -> Event:
        rng = self.rng
        origin = cat.ECOMMERCE_ORIGINS[int(rng.random() * len(cat.ECOMMERCE_ORIGINS))]
        ioss = rng.random() < 0.6
        lines = [ln.h7_line(rng, i, count, origin, ioss) for i in range(1, count + 1)]
        parties = {"consignor": self.foreign(origin), "consignee": self.party(self.persons),
                   "declarant": self.party(self.express)}
        return self.event("DMS", "H7", "IMPORT", MRN_LETTER["H7"], lines, parties, lrn_prefix="PKG")

    def h1(self, count: int, importer: Party | None = None, lines: list[ln.Line] | None = None) -> Event:
        """A standard import; `lines` given are kept first and topped up with ordinary lines to `count`."""
        importer = importer or self.party(self.importers)
        lines = list(lines or [])
        lines += self.import_lines(count - len(lines), importer["eori"], first=len(lines) + 1)
        consignor = self.foreign(lines[0].get("dispatch_country") or "CN")
        parties: dict[str, Party] = {"importer": importer, "consignor": consignor}
        if self.rng.random() < 0.7:  # most importers lodge through a broker acting as direct representative
            broker = self.party(self.brokers)
            parties["declarant"] = broker
            parties["representative"] = dict(broker)
        else:
            parties["declarant"] = dict(importer)
        return self.event("DMS", "H1", "IMPORT", MRN_LETTER["H1"], lines, parties, lrn_prefix="IMP")

    def import_lines(self, count: int, importer_eori: str, first: int = 1) -> list[ln.Line]:
        """Lines of one consignment: mostly one kind of goods, sometimes a second, one procedure."""
        rng = self.rng
        if rng.random() < 0.12:
            return self.cbam_with_status(count, importer_eori, first)
        main, other = ln.pick(rng, cat.IMPORTS), ln.pick(rng, cat.IMPORTS)
        procedure = ln.pick(rng, H1_PROCEDURES)
        out = []
        for item in range(first, first + count):
            goods = main if rng.random() < 0.75 else other
            out.append(ln.goods_line(rng, item, goods, procedure=procedure, origin=ln.pick(rng, goods.origins)))
        return out

    def cbam_with_status(self, count: int, importer_eori: str, first: int = 1) -> list[ln.Line]:
        """Annex I goods declared correctly: Y128 or Y238 on every line, or from an Annex III country."""
        rng = self.rng
        goods = ln.pick(rng, cat.CBAM_GOODS)
        u = rng.random()
        if u < 0.08:  # Annex III origin: CBAM does not apply, no status document needed
            origin = ln.pick(rng, cat.CBAM_ANNEX_III)
            return [ln.goods_line(rng, item, goods, procedure="4000", origin=origin)
                    for item in range(first, first + count)]
        if u < 0.75:
            status = {"code": "Y128", "reference": ln.cbam_account(importer_eori, self.year)}
        else:
            status = {"code": "Y238", "reference": f"CBAMAPP-NL-{self.year}-{int(rng.random() * 10**6):06d}"}
        procedure = ln.pick(rng, ("4000", "4000", "4200", "6121"))
        origin = ln.pick(rng, goods.origins)
        return [ln.goods_line(rng, item, goods, procedure=procedure, origin=origin,
                              documents=[ln.invoice(rng), dict(status)])
                for item in range(first, first + count)]

    def b1(self, count: int, destination: str | None = None, lines: list[ln.Line] | None = None) -> Event:
        destination = destination or ln.pick(self.rng, cat.EXPORT_DESTINATIONS)
        lines = list(lines or [])
        families = (ln.pick(self.rng, cat.EXPORTS), ln.pick(self.rng, cat.EXPORTS))
        procedure = "3151" if self.rng.random() < 0.05 else "1000"   # some re-exports after inward processing
        lines += [self.export_line(item, destination, families, procedure)
                  for item in range(len(lines) + 1, count + 1)]
        exporter = self.party(self.exporters)
        parties = {"exporter": exporter, "consignee": self.foreign(destination),
                   "declarant": self.party(self.brokers) if self.rng.random() < 0.6 else dict(exporter)}
        return self.event("AES", "B1", "EXPORT", MRN_LETTER["B1"], lines, parties, lrn_prefix="EXP")

    def export_line(self, item: int, destination: str, families: tuple[Goods, Goods], procedure: str) -> ln.Line:
        """Everyday exports; CHPL goods only to Annex VIII partners (the embargo near misses)."""
        if destination in cat.ANNEX_VIII and self.rng.random() < 0.15:
            code, description = ln.pick(self.rng, cat.CHPL_EXPORTS)
            return ln.export_line(self.rng, item, code, description, None, destination, procedure)
        goods = families[0] if self.rng.random() < 0.75 else families[1]
        code = ln.pick(self.rng, goods.codes)
        return ln.export_line(self.rng, item, code, goods.description, goods, destination, procedure)

    def ens(self, count: int) -> Event:
        dispatch = ln.ecommerce_origin(self.rng)
        lines = [ln.ens_line(self.rng, item, dispatch) for item in range(1, count + 1)]
        consignee = self.party(self.persons) if self.rng.random() < 0.6 else self.party(self.importers)
        parties = {"consignor": self.foreign(dispatch), "consignee": consignee, "declarant": self.party(self.express)}
        return self.event("ICS2", ln.pick(self.rng, ENS_TYPES), "ENTRY", MRN_LETTER["ENS"], lines, parties,
                          dated=False, lrn_prefix="ENS")

    def transit(self, count: int) -> Event:
        destination = ln.pick(self.rng, cat.TRANSIT_DESTINATIONS)
        lines = [ln.transit_line(self.rng, item, ln.pick(self.rng, cat.IMPORTS), destination)
                 for item in range(1, count + 1)]
        parties = {"consignor": self.party(self.importers), "consignee": self.foreign(destination),
                   "declarant": self.party(self.brokers)}
        return self.event("NCTS", ln.pick(self.rng, D_TYPES), "TRANSIT", MRN_LETTER["D"], lines, parties,
                          dated=False, lrn_prefix="TRS")
