"""Realistic, invented party names, EORIs and addresses.

Names are composed from word lists per country with the legal form that
country uses, so the sanctions matcher sees the same kind of text it sees in
production (legal forms, transliterated words, initials). The word lists avoid
words typical of sanctions lists so ordinary traffic rarely matches one; a
planted sanctioned name is the intended way to reach the sanctions queue.
"""

from __future__ import annotations

import random
from typing import Any, NamedTuple

Party = dict[str, Any]

_NL_FIRST = (
    "Sanne", "Daan", "Emma", "Lucas", "Julia", "Sem", "Tess", "Milan", "Lotte", "Thijs", "Fleur", "Bram",
    "Anouk", "Jesse", "Iris", "Ruben", "Noor", "Fatima", "Priya", "Wei", "Kees", "Marieke",
    "Henk", "Ingrid", "Youssef", "Saskia", "Joost", "Femke", "Pieter", "Yara", "Luuk", "Esther", "Koen",
)
_NL_LAST = (
    "de Vries", "Jansen", "van den Berg", "Bakker", "Visser", "Smit", "Meijer", "de Boer", "Mulder",
    "de Groot", "Bos", "Vos", "Peters", "Hendriks", "van Leeuwen", "Dekker", "Brouwer", "de Wit", "Dijkstra",
    "Smits", "van Dijk", "Kok", "Jacobs", "Vermeulen", "El Amrani", "Yilmaz", "Kaya", "Öztürk", "Nguyen",
    "van der Linden", "Schouten", "Koster", "Prins", "Huisman", "Willems", "Kuipers", "Veenstra", "Post",
)
_NL_STREETS = (
    "Stationsweg", "Kerkstraat", "Dorpsstraat", "Molenweg", "Schoolstraat", "Julianalaan", "Beatrixstraat",
    "Havenweg", "Industrieweg", "Parallelweg", "Nieuwe Gracht", "Lange Voorhout", "Marconistraat", "Waalhaven",
)
_NL_TOWNS = (
    ("Amsterdam", "10"), ("Rotterdam", "30"), ("Utrecht", "35"), ("Eindhoven", "56"), ("Groningen", "97"),
    ("Tilburg", "50"), ("Venlo", "59"), ("Zwolle", "80"), ("Nijmegen", "65"), ("Breda", "48"),
    ("Hoofddorp", "21"), ("Almere", "13"), ("Enschede", "75"), ("Maastricht", "62"), ("Delft", "26"),
)
_NL_STEMS = (
    "Rijnmond", "Hollandia", "Oranjewoud", "Zeeland", "Maasvlakte", "Kempen", "Veluwe", "Twentse",
    "Noordkaap", "Waddenzee", "Lelystad", "Brabantse", "Flevo", "Utrechtse", "Amstelland", "Dommel",
    "Van der Linden", "De Jong", "Bakker", "Visser", "Smit", "Meijer", "Mulder", "Vermeulen", "Koster",
)
_NL_TRADES = (
    "Logistiek", "Food Group", "Metaalhandel", "Staalbouw", "Techniek", "Handelsonderneming", "Agri",
    "Bloemen", "Versgroep", "Elektrotechniek", "Machinebouw", "Transport", "Distributie", "Kunststoffen",
    "Fietsen", "Meubelen", "Verpakkingen", "Tuinbouw", "Installatietechniek", "Import",
)
_NL_FORMS = ("B.V.", "B.V.", "B.V.", "B.V.", "N.V.", "Holding B.V.", "V.O.F.")
_BROKER_WORDS = ("Douane Service", "Customs Brokers", "Expeditie", "Forwarding", "Cargo Services", "Customs Desk")
_EXPRESS = (
    "Schiphol Express Customs B.V.", "Pakketpost Nederland B.V.", "Eurohub Parcel Services B.V.",
    "Airside Fulfilment Venlo B.V.", "Crossdock Liège-Schiphol B.V.", "Tulip Last Mile B.V.",
)

class _Stock(NamedTuple):
    words: tuple[str, ...]
    trades: tuple[str, ...]
    forms: tuple[str, ...]
    cities: tuple[str, ...]


def _stock(words: str, trades: str, forms: str, cities: str) -> _Stock:
    """Word lists written as 'a|b|c' to keep the table readable."""
    return _Stock(*(tuple(part.split("|")) for part in (words, trades, forms, cities)))


_CN_WORDS = ("Huaxin|Jiayuan|Hongda|Yuanfeng|Meijia|Lianfa|Shengtai|Boyuan|Xinlong|"
             "Tianrun|Haoyue|Ruifeng|Jinhui|Anxin|Fuhua|Kaida|Dingsheng|Weilai")
# Foreign counterparties: word stock, trades, legal forms and cities per country.
_FOREIGN: dict[str, _Stock] = {
    "CN": _stock(_CN_WORDS, "Electronics|Textile|Import and Export|Hardware|Industrial|Technology",
                 "Co., Ltd.|Co., Ltd.|Trading Co., Ltd.", "Shenzhen|Guangzhou|Ningbo|Yiwu|Xiamen"),
    "HK": _stock(_CN_WORDS, "Sourcing|Holdings|Enterprise|Logistics", "Limited|Co., Limited", "Hong Kong|Kowloon"),
    "TW": _stock("Chang|Hsin|Yung|Tai|Wen|Kuo", "Precision|Metal|Electronics",
                 "Co., Ltd.|Corp.", "Taichung|Kaohsiung"),
    "US": _stock("Riverside|Lakeshore|Keystone|Summit|Bayview|Redwood|Granite|Prairie",
                 "Supply|Foods|Components|Pharma|Outfitters|Industries",
                 "Inc.|LLC|Corp.", "Newark|Houston|Chicago|Savannah|Seattle"),
    "GB": _stock("Thames|Pennine|Harbour|Cotswold|Mersey|Highland", "Trading|Supplies|Foods|Engineering",
                 "Ltd|Limited|PLC", "Felixstowe|Leeds|Bristol|Glasgow"),
    "TR": _stock("Yıldız|Anadolu|Ege|Marmara|Akdeniz|Kartal|Demir|Özkan", "Tekstil|Çelik|Gıda|Dış Ticaret",
                 "A.Ş.|Ltd. Şti.|San. ve Tic. A.Ş.", "İstanbul|İzmir|Bursa|Mersin|Kocaeli"),
    "IN": _stock("Shree|Sai|Ganesh|Krishna|Lakshmi|Bharat|Sunrise|Om", "Exports|Steels|Pharma|Textiles|Agro",
                 "Pvt. Ltd.|Private Limited|Ltd.", "Mumbai|Chennai|Ahmedabad|Tiruppur|Ludhiana"),
    "KR": _stock("Daehan|Hanil|Seoul|Mirae|Hanbit", "Steel|Tech|Motors|Chemical",
                 "Co., Ltd.|Corporation", "Busan|Incheon|Ulsan"),
    "JP": _stock("Sakura|Fuji|Hikari|Aoyama|Midori", "Trading|Seiki|Motors|Electric",
                 "K.K.|Co., Ltd.|Corporation", "Yokohama|Nagoya|Kobe"),
    "VN": _stock("Minh Phat|Thanh Cong|Hoa Binh|Viet Tien|Phu Thai", "Garment|Footwear|Furniture|Coffee",
                 "Co., Ltd.|JSC|Joint Stock Company", "Ho Chi Minh City|Hai Phong|Binh Duong"),
    "DE": _stock("Rheinland|Schwaben|Nordsee|Alpen|Hansa|Westfalen", "Logistik|Maschinenbau|Handel|Chemie",
                 "GmbH|GmbH & Co. KG|AG", "Duisburg|Hamburg|Köln|Stuttgart"),
    "AE": _stock("Al Noor|Gulf Horizon|Desert Palm|Blue Creek|Oasis", "General Trading|Electronics|Metals",
                 "L.L.C.|FZE|FZCO", "Dubai|Sharjah|Abu Dhabi"),
    "KZ": _stock("Altyn|Steppe|Nomad|Irtysh|Zhetysu", "Trade|Tech Supply|Engineering",
                 "LLP|TOO", "Almaty|Astana|Karaganda"),
    "AM": _stock("Ararat|Sevan|Arpa|Vayots", "Trade|Electronics|Import", "LLC|CJSC", "Yerevan|Gyumri"),
    "KG": _stock("Ala-Too|Issyk|Tengri", "Trade|Supply", "LLC|OsOO", "Bishkek|Osh"),
    "GE": _stock("Mtkvari|Kolkheti|Rioni", "Trade|Logistics", "LLC", "Tbilisi|Batumi"),
    "UZ": _stock("Samarqand|Zarafshon|Chirchiq", "Savdo|Trade", "LLC|MChJ", "Tashkent|Samarkand"),
    "RS": _stock("Sava|Morava|Fruška", "Trade|Elektronik", "d.o.o.", "Beograd|Novi Sad"),
    "RU": _stock("Volzhsky|Uralsky|Severny|Baltiysky|Sibirsky", "Avto|Metall|Trubny|Stal",
                 "OOO|AO", "Kaliningrad|Sankt-Peterburg|Yekaterinburg|Cherepovets"),
    "EG": _stock("Nile|Delta|Sinai|Alexandria", "Fertilizers|Cement|Agro", "S.A.E.", "Cairo|Alexandria"),
}
# Countries without their own stock: plain English names, no city, no address.
_GENERIC = _stock("Atlas|Meridian|Horizon|Coral|Sierra|Harbor|Crest", "Trading|Exports|Industries|Supply",
                  "Ltd.|S.A.|Co.", "")


def nl_eori(rng: random.Random) -> str:
    """Dutch EORI: NL and nine digits (the fiscal number); ordinary ones never start with 9."""
    return f"NL{rng.randrange(10**8, 9 * 10**8)}"


def reserved_eori(block: int, n: int, seed: int = 0) -> str:
    """EORI number `n` of a reserved block (NL9 + block digit + 7 digits), unique by construction.

    Parties with running totals (authorisation holders, Y137 claimants) take
    these, so a total never merges two parties by an accidental equal EORI.
    Multiplying by a number coprime to 10**7 scatters the digits bijectively;
    the seed shifts the block so other data sets get other numbers.
    """
    # Blocks: 0 authorisation holders, 1 energy importers, 2 Y137 claimants.
    return f"NL9{block}{((n + seed * 7919) * 48271) % 10**7:07d}"


def nl_address(rng: random.Random) -> str:
    town, area = _NL_TOWNS[rng.randrange(len(_NL_TOWNS))]
    letters = chr(65 + rng.randrange(26)) + chr(65 + rng.randrange(26))
    street = _NL_STREETS[rng.randrange(len(_NL_STREETS))]
    return f"{street} {rng.randrange(1, 240)}, {area}{rng.randrange(10, 100)} {letters} {town}"


def nl_person(rng: random.Random) -> Party:
    """A consumer: the consignee and importer of a low-value parcel (no EORI)."""
    first = _NL_FIRST[rng.randrange(len(_NL_FIRST))]
    last = _NL_LAST[rng.randrange(len(_NL_LAST))]
    return {"name": f"{first} {last}", "eori": None, "country": "NL", "address": nl_address(rng)}


def nl_company(rng: random.Random, trades: tuple[str, ...] = _NL_TRADES, eori: str | None = None) -> Party:
    stem = _NL_STEMS[rng.randrange(len(_NL_STEMS))]
    trade = trades[rng.randrange(len(trades))]
    form = _NL_FORMS[rng.randrange(len(_NL_FORMS))]
    return {"name": f"{stem} {trade} {form}", "eori": eori or nl_eori(rng), "country": "NL", "address": nl_address(rng)}


def nl_broker(rng: random.Random) -> Party:
    """A customs broker (direct representative) that lodges declarations for importers."""
    return nl_company(rng, _BROKER_WORDS)


def express_operators(rng: random.Random) -> list[Party]:
    """Express and postal operators that declare H7 parcels in bulk."""
    return [{"name": name, "eori": nl_eori(rng), "country": "NL", "address": nl_address(rng)} for name in _EXPRESS]


def foreign_company(rng: random.Random, country: str) -> Party:
    """A third-country seller or buyer; only EU parties carry an EORI."""
    words, trades, forms, cities = _FOREIGN.get(country, _GENERIC)
    word = words[rng.randrange(len(words))]
    trade = trades[rng.randrange(len(trades))]
    form = forms[rng.randrange(len(forms))]
    city = cities[rng.randrange(len(cities))]
    name = f"{city} {word} {trade} {form}" if country in ("CN", "HK") and city else f"{word} {trade} {form}"
    eori = f"DE{rng.randrange(10**6, 10**7)}" if country == "DE" else None
    address = f"{rng.randrange(1, 900)} {word} Road, {city}".strip(", ") if city else None
    return {"name": name, "eori": eori, "country": country, "address": address}
