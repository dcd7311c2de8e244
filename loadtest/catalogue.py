"""Goods and country reference data the generator draws from.

Codes follow the regulations: CBAM Annex I headings, the CHPL HS-6
codes, Russian cars (8703) and iron and steel (Annex XVII). The everyday mix is
chosen so that it never hits a shipped profile by accident: base imports carry
no Russian or Belarusian origin, base CBAM lines always carry a status document
(or come from an Annex III country, or enter inward processing), and base
exports of CHPL goods go only to Annex VIII partner countries. Planted cases
are therefore the only embargo and CBAM-status hits in a generated file.
"""

from __future__ import annotations

from typing import NamedTuple


class Goods(NamedTuple):
    """One kind of goods: commodity codes, a text, a price per kg and a typical line mass."""

    codes: tuple[str, ...]
    description: str
    eur_per_kg: tuple[float, float]
    kg: tuple[float, float]              # net mass of one line
    origins: tuple[str, ...]
    unit_kg: float = 0.0                 # >0: supplementary units (NAR) = mass / unit_kg


# Low-value e-commerce (H7, ENS houses): HS-6 only, value under EUR 150.
# Weights mirror what parcels hold: clothes, shoes, phone accessories, toys.
ECOMMERCE: tuple[tuple[str, str, float], ...] = (
    ("610910", "T-shirt, cotton", 12.0),
    ("611030", "Sweater, synthetic fibres", 25.0),
    ("620462", "Women's trousers, cotton", 30.0),
    ("640299", "Sneakers, rubber sole", 40.0),
    ("420222", "Handbag, textile", 22.0),
    ("392690", "Phone case, plastic", 6.0),
    ("851830", "Wireless earphones", 28.0),
    ("850760", "Power bank, lithium-ion", 24.0),
    ("854442", "USB charging cable", 5.0),
    ("950300", "Toy, plastic building set", 18.0),
    ("711719", "Fashion jewellery, base metal", 9.0),
    ("330499", "Skin-care cream", 14.0),
    ("960329", "Toothbrush, electric head", 8.0),
    ("630790", "Face mask, textile", 4.0),
    ("491199", "Printed stickers", 3.0),
    ("851762", "Smart watch", 45.0),
    ("900410", "Sunglasses", 11.0),
    ("940540", "LED strip light", 16.0),
)
ECOMMERCE_ORIGINS: tuple[str, ...] = ("CN",) * 12 + ("HK",) * 3 + ("US", "GB", "TR", "KR", "JP", "VN", "IN")

# Standard imports (H1), TARIC-10 or CN-8. Cars and steel here have non-Russian origins:
# they are the near misses of the embargo profiles.
IMPORTS: tuple[Goods, ...] = (
    Goods(("8471300000", "84713000"), "Portable computers", (180.0, 420.0), (50.0, 2500.0), ("CN", "VN", "TW")),
    Goods(("8517130000",), "Smartphones", (300.0, 900.0), (20.0, 900.0), ("CN", "VN", "IN"), unit_kg=0.2),
    Goods(("6110209100", "61102099"), "Jerseys and pullovers, cotton", (12.0, 30.0), (100.0, 4000.0),
          ("BD", "TR", "CN", "PK")),
    Goods(("6403999800",), "Footwear, leather uppers", (20.0, 45.0), (200.0, 3000.0), ("VN", "CN", "ID", "IN")),
    Goods(("9403600000",), "Wooden furniture", (3.0, 9.0), (500.0, 9000.0), ("CN", "VN", "MY", "ID")),
    Goods(("0805102200", "08051022"), "Navel oranges, fresh", (0.6, 1.2), (2000.0, 22000.0), ("ZA", "EG", "MA")),
    Goods(("0803901000",), "Bananas, fresh", (0.7, 1.0), (5000.0, 22000.0), ("EC", "CO", "CR")),
    Goods(("0901110000", "09011100"), "Coffee, not roasted", (3.0, 7.0), (5000.0, 19200.0), ("BR", "CO", "VN", "ET")),
    Goods(("1801000000",), "Cocoa beans", (5.0, 9.0), (10000.0, 25000.0), ("CI", "GH", "EC")),
    Goods(("3004900000",), "Medicaments, packaged", (40.0, 400.0), (10.0, 800.0), ("IN", "US", "CH", "GB")),
    Goods(("4011100000",), "Car tyres, new", (3.0, 6.0), (1000.0, 9000.0), ("CN", "TH", "KR"), unit_kg=9.0),
    Goods(("8708999799",), "Motor vehicle parts", (8.0, 40.0), (100.0, 5000.0), ("CN", "JP", "KR", "MX")),
    Goods(("8541430000",), "Photovoltaic modules", (2.0, 5.0), (2000.0, 18000.0), ("CN", "VN", "MY")),
    Goods(("8703231990", "8703801000"), "Passenger cars", (15.0, 40.0), (1200.0, 2200.0),
          ("JP", "KR", "US", "CN", "GB"), unit_kg=1600.0),
    Goods(("8479899790",), "Machines with individual functions", (20.0, 120.0), (50.0, 4000.0),
          ("US", "JP", "CN", "CH")),
    Goods(("2204210600",), "Wine, in bottles", (3.0, 12.0), (500.0, 20000.0), ("ZA", "CL", "AU", "US")),
)

# CBAM Annex I goods (domain brief §1.1). Threshold-relevant: everything but 2716 and 2804 10.
CBAM_GOODS: tuple[Goods, ...] = (
    Goods(("7208399000", "72083900"), "Flat-rolled iron, hot-rolled, coils", (0.5, 0.8), (5000.0, 25000.0),
          ("TR", "IN", "KR", "CN", "VN")),
    Goods(("7210490000",), "Flat-rolled steel, zinc-coated", (0.7, 1.1), (5000.0, 22000.0), ("TR", "IN", "KR", "TW")),
    Goods(("7306309000",), "Welded steel tubes", (0.9, 1.6), (2000.0, 20000.0), ("TR", "CN", "UA")),
    Goods(("7318158290", "73181900"), "Steel screws and bolts", (1.5, 4.0), (500.0, 8000.0), ("CN", "TW", "IN")),
    Goods(("7601100000",), "Unwrought aluminium, not alloyed", (2.0, 2.8), (5000.0, 25000.0), ("AE", "IN", "BH", "MZ")),
    Goods(("7606129900",), "Aluminium plates, alloyed", (3.0, 4.5), (2000.0, 20000.0), ("CN", "TR", "AE")),
    Goods(("2523290000", "25232900"), "Portland cement", (0.07, 0.12), (10000.0, 30000.0), ("TR", "EG", "DZ")),
    Goods(("3102101200",), "Urea fertiliser", (0.35, 0.6), (10000.0, 30000.0), ("EG", "DZ", "QA", "OM")),
    Goods(("2814100000",), "Anhydrous ammonia", (0.4, 0.8), (10000.0, 30000.0), ("TT", "DZ", "US")),
)
# Small consignments of Annex I goods for de-minimis (Y137) importers.
CBAM_SMALL: tuple[Goods, ...] = (
    Goods(("7318158290",), "Steel screws and bolts", (1.5, 4.0), (100.0, 2500.0), ("CN", "TW", "IN")),
    Goods(("7326909890",), "Articles of steel, other", (2.0, 6.0), (100.0, 2000.0), ("CN", "TR")),
    Goods(("7616999099",), "Articles of aluminium, other", (4.0, 10.0), (100.0, 1500.0), ("CN", "VN")),
    Goods(("3105200000",), "NPK fertiliser", (0.4, 0.7), (200.0, 3000.0), ("EG", "MA")),
)
# Origins outside the EU and Annex III, where CBAM (and so the Y137 question) applies at all.
CBAM_EXCLUDED_FROM_THRESHOLD: tuple[Goods, ...] = (
    Goods(("2716000000",), "Electrical energy", (0.08, 0.15), (0.0, 0.0), ("GB",)),
    Goods(("2804100000",), "Hydrogen", (3.0, 6.0), (500.0, 5000.0), ("GB", "MA")),
)
# Annex III countries (CBAM does not apply) and EU member states.
CBAM_ANNEX_III: tuple[str, ...] = ("IS", "LI", "NO", "CH")

# Russian iron and steel (Annex XVII: 7206-7229 and chapter 73), cars (8703).
RU_STEEL: tuple[Goods, ...] = (
    Goods(("7208399000",), "Flat-rolled iron, hot-rolled, coils", (0.5, 0.8), (10000.0, 25000.0), ("RU",)),
    Goods(("7207111400",), "Semi-finished products of iron", (0.4, 0.6), (10000.0, 25000.0), ("RU",)),
    Goods(("7213910000",), "Wire rod of iron", (0.5, 0.8), (5000.0, 22000.0), ("RU",)),
    Goods(("7304191000",), "Seamless line pipe", (1.0, 1.8), (5000.0, 20000.0), ("RU",)),
    Goods(("7306309000",), "Welded steel tubes", (0.9, 1.6), (2000.0, 20000.0), ("RU",)),
)
RU_CARS: tuple[Goods, ...] = (
    Goods(("8703231990", "8703239000"), "Passenger car, spark ignition 1500-3000 cm3", (15.0, 45.0),
          (1200.0, 2200.0), ("RU",), unit_kg=1600.0),
    Goods(("8703801000",), "Passenger car, electric", (25.0, 60.0), (1600.0, 2400.0), ("RU",), unit_kg=2000.0),
)
# Countries a car can come from when only dispatch / export country is Russian.
RU_CAR_MAKERS: tuple[str, ...] = ("DE", "JP", "KR", "CN", "US")

# CHPL (Annex XL), all tiers; CN-8 = HS-6 + a plausible subheading.
CHPL_EXPORTS: tuple[tuple[str, str], ...] = (
    ("85423190", "Integrated circuits, processors and controllers"),
    ("85423290", "Integrated circuits, memories"),
    ("85423990", "Integrated circuits, other"),
    ("85176200", "Machines for reception and transmission of data"),
    ("85322400", "Ceramic dielectric capacitors, multilayer"),
    ("84715000", "Processing units for computers"),
    ("85044095", "Static converters"),
    ("85258900", "Television and digital cameras"),
    ("85369010", "Connections and contact elements"),
    ("85411000", "Diodes"),
    ("84821010", "Ball bearings"),
    ("90138000", "Optical devices, other"),
    ("90303200", "Multimeters with recording device"),
    ("84571010", "Machining centres for working metal"),
    ("88073000", "Parts of aeroplanes and helicopters"),
)
# Third countries watched for circumvention (issue 3) and the direct destinations.
CIRCUMVENTION: tuple[str, ...] = ("AM", "KZ", "KG", "GE", "TR", "AE", "UZ", "RS", "CN", "HK")
EMBARGOED: tuple[str, ...] = ("RU", "BY")
# Annex VIII partner countries: CHPL exports there are never a hit (near misses).
ANNEX_VIII: tuple[str, ...] = ("US", "JP", "GB", "KR", "AU", "CA", "NZ", "NO", "CH")

# Everyday exports from the Netherlands (B1).
EXPORTS: tuple[Goods, ...] = (
    Goods(("06031100",), "Fresh cut roses", (4.0, 9.0), (200.0, 3000.0), ("NL",)),
    Goods(("04069021",), "Gouda cheese", (5.0, 9.0), (1000.0, 18000.0), ("NL",)),
    Goods(("22030001",), "Beer of malt, bottles", (0.8, 1.6), (5000.0, 20000.0), ("NL",)),
    Goods(("07020000",), "Tomatoes, fresh", (1.0, 2.5), (2000.0, 18000.0), ("NL", "ES")),
    Goods(("30049000",), "Medicaments, packaged", (40.0, 400.0), (10.0, 800.0), ("NL", "DE", "BE")),
    Goods(("39011010",), "Polyethylene, primary forms", (1.0, 1.6), (10000.0, 24000.0), ("NL",)),
    Goods(("84798997",), "Machines with individual functions", (20.0, 120.0), (50.0, 4000.0), ("NL", "DE")),
    Goods(("29051100",), "Methanol", (0.3, 0.5), (10000.0, 30000.0), ("NL",)),
    Goods(("87089997",), "Motor vehicle parts", (8.0, 40.0), (100.0, 5000.0), ("NL", "DE")),
)
EXPORT_DESTINATIONS: tuple[str, ...] = (
    "US", "US", "GB", "GB", "CN", "JP", "CH", "NO", "TR", "AE", "IN", "BR", "SA", "ZA", "SG", "AU", "CA", "MX",
)

# Transit (NCTS) runs from Dutch ports to inland destinations.
TRANSIT_DESTINATIONS: tuple[str, ...] = ("DE", "DE", "BE", "FR", "IT", "PL", "CZ", "AT", "CH", "HU")
