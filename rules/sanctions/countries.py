"""Country names as the lists spell them, mapped to ISO 3166-1 alpha-2.

OFAC and the UN name countries in English prose ("Korea, North", "Iran
(Islamic Republic of)"); declarations carry ISO codes. Names that are not
countries ("Region: Gaza", "None Identified") map to nothing on purpose.
"""

from __future__ import annotations

import re

# code -> names; the first name is the common one, the rest are spellings seen in the lists
_NAMES: dict[str, tuple[str, ...]] = {
    "AD": ("Andorra",), "AE": ("United Arab Emirates", "UAE"), "AF": ("Afghanistan",),
    "AG": ("Antigua and Barbuda",), "AI": ("Anguilla",), "AL": ("Albania",), "AM": ("Armenia",),
    "AO": ("Angola",), "AR": ("Argentina",), "AT": ("Austria",), "AU": ("Australia",),
    "AW": ("Aruba",), "AZ": ("Azerbaijan",), "BA": ("Bosnia and Herzegovina",),
    "BB": ("Barbados",), "BD": ("Bangladesh",), "BE": ("Belgium",), "BF": ("Burkina Faso",),
    "BG": ("Bulgaria",), "BH": ("Bahrain",), "BI": ("Burundi",), "BJ": ("Benin",),
    "BM": ("Bermuda",), "BN": ("Brunei", "Brunei Darussalam"), "BO": ("Bolivia",),
    "BR": ("Brazil",), "BS": ("Bahamas", "Bahamas, The", "The Bahamas"), "BT": ("Bhutan",),
    "BW": ("Botswana",), "BY": ("Belarus",), "BZ": ("Belize",), "CA": ("Canada",),
    "CD": ("Democratic Republic of the Congo", "Congo, Democratic Republic of the", "DRC"),
    "CF": ("Central African Republic",), "CG": ("Congo", "Congo, Republic of the", "Republic of the Congo"),
    "CH": ("Switzerland",), "CI": ("Cote d Ivoire", "Cote d'Ivoire", "Ivory Coast"),
    "CL": ("Chile",), "CM": ("Cameroon",), "CN": ("China",), "CO": ("Colombia",),
    "CR": ("Costa Rica",), "CU": ("Cuba",), "CV": ("Cabo Verde", "Cape Verde"),
    "CY": ("Cyprus",), "CZ": ("Czech Republic", "Czechia"), "DE": ("Germany",),
    "DJ": ("Djibouti",), "DK": ("Denmark",), "DM": ("Dominica",), "DO": ("Dominican Republic",),
    "DZ": ("Algeria",), "EC": ("Ecuador",), "EE": ("Estonia",), "EG": ("Egypt",),
    "ER": ("Eritrea",), "ES": ("Spain",), "ET": ("Ethiopia",), "FI": ("Finland",),
    "FJ": ("Fiji",), "FR": ("France",), "GA": ("Gabon",),
    "GB": ("United Kingdom", "United Kingdom of Great Britain and Northern Ireland", "UK", "Great Britain"),
    "GD": ("Grenada",), "GE": ("Georgia",), "GH": ("Ghana",), "GI": ("Gibraltar",),
    "GM": ("Gambia", "The Gambia", "Gambia, The"), "GN": ("Guinea",), "GQ": ("Equatorial Guinea",),
    "GR": ("Greece",), "GT": ("Guatemala",), "GW": ("Guinea-Bissau",), "GY": ("Guyana",),
    "HK": ("Hong Kong", "China, Hong Kong Special Administrative Region"), "HN": ("Honduras",),
    "HR": ("Croatia",), "HT": ("Haiti",), "HU": ("Hungary",), "ID": ("Indonesia",),
    "IE": ("Ireland",), "IL": ("Israel",), "IN": ("India",),
    "IQ": ("Iraq",), "IR": ("Iran", "Iran (Islamic Republic of)", "Islamic Republic of Iran"),
    "IS": ("Iceland",), "IT": ("Italy",), "JE": ("Jersey",), "JM": ("Jamaica",),
    "JO": ("Jordan",), "JP": ("Japan",), "KE": ("Kenya",), "KG": ("Kyrgyzstan",),
    "KH": ("Cambodia",), "KM": ("Comoros",), "KN": ("Saint Kitts and Nevis", "St. Kitts & Nevis"),
    "KP": ("North Korea", "Korea, North", "Democratic People's Republic of Korea", "DPRK"),
    "KR": ("South Korea", "Korea, South", "Republic of Korea"), "KW": ("Kuwait",),
    "KY": ("Cayman Islands",), "KZ": ("Kazakhstan",), "LA": ("Laos", "Lao People's Democratic Republic"),
    "LB": ("Lebanon",), "LC": ("Saint Lucia",), "LI": ("Liechtenstein",), "LK": ("Sri Lanka",),
    "LR": ("Liberia",), "LS": ("Lesotho",), "LT": ("Lithuania",), "LU": ("Luxembourg",),
    "LV": ("Latvia",), "LY": ("Libya",), "MA": ("Morocco",), "MC": ("Monaco",),
    "MD": ("Moldova", "Republic of Moldova"), "ME": ("Montenegro",), "MG": ("Madagascar",),
    "MH": ("Marshall Islands",),
    "MK": ("North Macedonia", "Macedonia, The Former Yugoslav Republic of", "Macedonia"),
    "ML": ("Mali",), "MM": ("Myanmar", "Burma"), "MN": ("Mongolia",), "MO": ("Macau", "Macao"),
    "MR": ("Mauritania",), "MT": ("Malta",), "MU": ("Mauritius",), "MV": ("Maldives",),
    "MW": ("Malawi",), "MX": ("Mexico",), "MY": ("Malaysia",), "MZ": ("Mozambique",),
    "NA": ("Namibia",), "NE": ("Niger",), "NG": ("Nigeria",), "NI": ("Nicaragua",),
    "NL": ("Netherlands", "The Netherlands"), "NO": ("Norway",), "NP": ("Nepal",),
    "NZ": ("New Zealand",), "OM": ("Oman",), "PA": ("Panama",), "PE": ("Peru",),
    "PG": ("Papua New Guinea",), "PH": ("Philippines",), "PK": ("Pakistan",), "PL": ("Poland",),
    "PS": ("Palestine", "State of Palestine", "Palestinian", "West Bank", "Gaza"),
    "PT": ("Portugal",), "PW": ("Palau",), "PY": ("Paraguay",), "QA": ("Qatar",),
    "RO": ("Romania",), "RS": ("Serbia",), "RU": ("Russia", "Russian Federation"),
    "RW": ("Rwanda",), "SA": ("Saudi Arabia",), "SC": ("Seychelles",), "SD": ("Sudan",),
    "SE": ("Sweden",), "SG": ("Singapore",), "SI": ("Slovenia",), "SK": ("Slovakia",),
    "SL": ("Sierra Leone",), "SN": ("Senegal",), "SO": ("Somalia",), "SR": ("Suriname",),
    "SS": ("South Sudan",), "SV": ("El Salvador",), "SY": ("Syria", "Syrian Arab Republic"),
    "TD": ("Chad",), "TG": ("Togo",), "TH": ("Thailand",), "TJ": ("Tajikistan",),
    "TM": ("Turkmenistan",), "TN": ("Tunisia",), "TR": ("Turkey", "Türkiye", "Turkiye"),
    "TT": ("Trinidad and Tobago",), "TW": ("Taiwan",),
    "TZ": ("Tanzania", "United Republic of Tanzania"), "UA": ("Ukraine",), "UG": ("Uganda",),
    "US": ("United States", "United States of America", "USA"), "UY": ("Uruguay",),
    "UZ": ("Uzbekistan",), "VC": ("Saint Vincent and the Grenadines", "St. Vincent and the Grenadines"),
    "VE": ("Venezuela",), "VG": ("British Virgin Islands", "Virgin Islands, British"),
    "VN": ("Vietnam", "Viet Nam"), "VU": ("Vanuatu",), "WS": ("Samoa",), "XK": ("Kosovo",),
    "YE": ("Yemen",), "ZA": ("South Africa",), "ZM": ("Zambia",), "ZW": ("Zimbabwe",),
    "CW": ("Curacao", "Netherlands Antilles"), "CK": ("Cook Islands",),
}


def _key(name: str) -> str:
    return re.sub(r"[^a-z]", "", name.lower().replace("ü", "u"))


_BY_NAME: dict[str, str] = {_key(n): code for code, names in _NAMES.items() for n in names}


def country_code(name: str | None) -> str | None:
    """ISO alpha-2 for a country as written in a list; an ISO code passes through; None if unknown."""
    if not name:
        return None
    text = name.strip()
    if len(text) == 2 and text.isalpha() and text.upper() in _NAMES:
        return text.upper()
    return _BY_NAME.get(_key(text))
