"""Planted cases: declarations built so that a known review queue must get a hit.

Each builder returns the event and the planted (kind, item number) pairs it
contains (item None for a party-level case), or None when it has nothing left
to plant (a stateful series that reached its target) so the caller falls back
to ordinary traffic. `room` is the number of lines the event may still use.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from typing import Any

from loadtest import catalogue as cat
from loadtest import lines as ln
from loadtest.authorisations import Plan, unknown_reference
from loadtest.deminimis import OVER_KIND, Claimant, DeMinimis
from loadtest.listnames import perturb
from loadtest.names import nl_company, reserved_eori
from loadtest.traffic import H1_COUNTS, Event, Traffic

Planted = list[tuple[str, int | None]]
Built = tuple[Event, Planted]
ROLE_BY_TYPE = {"H1": "consignor", "B1": "consignee", "ENS": "consignor"}


class Plants:
    """Builders of planted cases, drawing parties, identifiers and time from the ordinary traffic."""

    def __init__(self, traffic: Traffic, rng: random.Random, plans: list[Plan], deminimis: DeMinimis,
                 sanctioned_names: Sequence[str], seed: int) -> None:
        self.t = traffic
        self.rng = rng
        self.targeted = [p for p in plans if p.target > 0.8]
        self.roomy = [p for p in plans if p.target <= 0.8]
        self.deminimis = deminimis
        self.names = [n.strip() for n in sanctioned_names if n and n.strip()]
        self.energy = [nl_company(rng, eori=reserved_eori(1, n, seed)) for n in range(1, 5)]

    def _count(self, room: int, counts: tuple[int, ...] = H1_COUNTS) -> int:
        return min(ln.pick(self.rng, counts), room)

    def ru_car(self, room: int) -> Built | None:
        """A car (8703) with origin Russia, or dispatched or exported from Russia."""
        goods = ln.pick(self.rng, cat.RU_CARS)
        u = self.rng.random()
        if u < 0.6:
            origin, dispatch = "RU", ln.pick(self.rng, ("RU", "RU", "KZ", "GE"))
        else:  # made elsewhere, bought in Russia
            origin, dispatch = ln.pick(self.rng, cat.RU_CAR_MAKERS), "RU"
        line = ln.goods_line(self.rng, 1, goods, procedure="4000", origin=origin, dispatch=dispatch)
        if u > 0.9:  # re-routed: dispatched from a third country, exported from Russia
            line["dispatch_country"], line["export_country"] = "GE", "RU"
        return self.t.h1(self._count(room, (1, 1, 2)), lines=[line]), [("embargo.ru_car", 1)]

    def ru_steel(self, room: int) -> Built | None:
        """Annex XVII iron or steel with origin or dispatch Russia; it carries Y128 so only embargo hits."""
        goods = ln.pick(self.rng, cat.RU_STEEL)
        origin, dispatch = ("RU", "RU") if self.rng.random() < 0.7 else (ln.pick(self.rng, ("KZ", "TR", "AM")), "RU")
        importer = self.t.party(self.t.importers)
        docs = [ln.invoice(self.rng), {"code": "Y128", "reference": ln.cbam_account(importer["eori"], self.t.year)}]
        line = ln.goods_line(self.rng, 1, goods, procedure="4000", origin=origin, dispatch=dispatch, documents=docs)
        return self.t.h1(self._count(room, (1, 1, 2)), importer, [line]), [("embargo.ru_steel", 1)]

    def chpl_export(self, room: int) -> Built | None:
        """Common high-priority goods exported to a circumvention hub, or straight to Russia or Belarus."""
        destination = ln.pick(self.rng, cat.CIRCUMVENTION if self.rng.random() < 0.85 else cat.EMBARGOED)
        code, description = ln.pick(self.rng, cat.CHPL_EXPORTS)
        procedure = "1000" if self.rng.random() < 0.85 else "3151"
        line = ln.export_line(self.rng, 1, code, description, None, destination, procedure)
        return self.t.b1(self._count(room, (1, 1, 2, 3)), destination, [line]), [("embargo.chpl_export", 1)]

    def cbam_no_status(self, room: int) -> Built | None:
        """Annex I goods released for free circulation from outside the EU with no status document."""
        goods = ln.pick(self.rng, cat.CBAM_GOODS)
        line = ln.goods_line(self.rng, 1, goods, procedure=ln.pick(self.rng, ("4000", "4000", "4200")),
                             origin=ln.pick(self.rng, goods.origins))
        return self.t.h1(self._count(room, (1, 1, 2)), lines=[line]), [("cbam.no_status", 1)]

    def cbam_y137_excluded(self, room: int) -> Built | None:
        """Y137 claimed for electricity or hydrogen, for which the exemption is not available."""
        goods = ln.pick(self.rng, cat.CBAM_EXCLUDED_FROM_THRESHOLD)
        docs = [ln.invoice(self.rng), {"code": "Y137", "reference": "N/A"}]
        line = ln.goods_line(self.rng, 1, goods, procedure="4000", origin=ln.pick(self.rng, goods.origins),
                             documents=docs)
        if goods.codes[0] == "2716000000":  # electricity is declared in MWh, it has no mass
            line.update(net_mass_kg=None, gross_mass_kg=None, supplementary_units=float(self.rng.randrange(200, 5000)))
        importer = dict(ln.pick(self.rng, self.energy))
        return self.t.h1(1, importer, [line]), [("cbam.y137_excluded", 1)]

    def sanctioned_party(self, room: int) -> Built | None:
        """A listed name, lightly perturbed, as the foreign counterparty."""
        if not self.names:
            return None
        name = ln.pick(self.rng, self.names)
        kind = ln.pick(self.rng, ("H1", "H1", "B1", "ENS"))
        if kind == "H1":
            event = self.t.h1(self._count(room, (1, 1, 2, 3)))
        elif kind == "B1":
            event = self.t.b1(self._count(room, (1, 1, 2, 3)))
        else:
            event = self.t.ens(self._count(room, (1, 1, 2)))
        role = ROLE_BY_TYPE[kind]
        event[role] = {"name": perturb(name, self.rng), "eori": None,
                       "country": None, "address": event[role].get("address")}
        return event, [("sanctions.party", None)]

    def unknown_authorisation(self, room: int) -> Built | None:
        """Inward processing that cites an authorisation reference nobody issued."""
        goods = ln.pick(self.rng, cat.IMPORTS)
        doc = {"code": "C601", "reference": unknown_reference(self.rng, self.t.year)}
        line = ln.goods_line(self.rng, 1, goods, procedure="5100", origin=ln.pick(self.rng, goods.origins),
                             documents=[ln.invoice(self.rng), doc])
        return self.t.h1(self._count(room, (1, 1, 2)), lines=[line]), [("overrun.unknown_authorisation", 1)]

    def authorisation_target(self, room: int) -> Built | None:
        """The series that walks each targeted authorisation past its alert levels."""
        open_ = [p for p in self.targeted if not p.done()]
        return self._draw_on(ln.pick(self.rng, open_), room) if open_ else None

    def authorisation_roomy(self, room: int) -> Built | None:
        """Ordinary use of an authorisation, stopping well below its first alert level."""
        open_ = [p for p in self.roomy if not p.done()]
        return self._draw_on(ln.pick(self.rng, open_), room) if open_ else None

    def _draw_on(self, plan: Plan, room: int) -> Built | None:
        by_header = self.rng.random() < 0.3   # the declaration lists the authorisation instead of each line
        lines: list[ln.Line] = []
        planted: Planted = []
        for item in range(1, min(1 + int(self.rng.random() * 3), room) + 1):
            if plan.done():
                break
            amount, kinds = plan.draw(self.rng)
            lines.append(self._authorised_line(plan, item, amount, by_header))
            planted += [(kind, item) for kind in kinds]
        event = self.t.h1(len(lines), dict(plan.holder), lines)
        if by_header:
            event["authorisations"] = [{"type": plan.record["type"], "reference": plan.reference,
                                        "holder_eori": plan.record["holder_eori"]}]
        return event, planted

    def _authorised_line(self, plan: Plan, item: int, amount: float, by_header: bool) -> ln.Line:
        goods = plan.goods
        if plan.measure == "KGM":
            mass, units = amount, None
        elif plan.measure == "EUR":
            mass, units = amount / ln.between(self.rng, goods.eur_per_kg), None
        else:
            mass, units = amount * goods.unit_kg, amount
        line = ln.goods_line(self.rng, item, goods, procedure=plan.procedure, origin=ln.pick(self.rng, goods.origins),
                             mass=mass)
        if units is not None:
            line["supplementary_units"] = units
        if plan.measure == "EUR":
            line["value_eur"] = amount
        if not by_header:
            line["documents"].append({
                "code": plan.doc_code, "reference": plan.reference,
                "quantity": units if units is not None else line["net_mass_kg"],
                "unit": plan.measure if units is not None else "KGM", "amount_eur": line["value_eur"],
            })
        return line

    def deminimis_over(self, room: int) -> Built | None:
        """The planted Y137 claimants that import well past the 50-tonne threshold."""
        claimant = self.deminimis.over_claimant(int(self.t.date[:4]))
        return self._y137(claimant, room, cat.CBAM_GOODS, planted=True) if claimant else None

    def deminimis_honest(self, room: int) -> Built | None:
        """Small Y137 claimants that stay under the threshold (near misses of the running total)."""
        return self._y137(self.deminimis.honest_claimant(int(self.t.date[:4])), room, cat.CBAM_SMALL, planted=False)

    def _y137(self, claimant: Claimant, room: int, stock: tuple[Any, ...], planted: bool) -> Built | None:
        lines: list[ln.Line] = []
        marks: Planted = []
        year = int(self.t.date[:4])
        for item in range(1, min(1 + int(self.rng.random() * 2), room) + 1):
            if planted and claimant.totals.get(year, 0.0) >= claimant.target_kg:
                break
            mass, above = claimant.draw(self.rng, year)
            goods = ln.pick(self.rng, stock)
            docs = [ln.invoice(self.rng), {"code": "Y137", "reference": "N/A"}]
            lines.append(ln.goods_line(self.rng, item, goods, procedure="4000", origin=ln.pick(self.rng, goods.origins),
                                       mass=mass, documents=docs))
            if above:
                marks.append((OVER_KIND, item))
        return self.t.h1(len(lines), dict(claimant.party), lines), marks
