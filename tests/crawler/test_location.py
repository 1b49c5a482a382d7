"""Location parsing: the traps other job crawlers hit, and the real shapes of our data sources."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from crawler.location import Location, country_code, parse_location, subdivision_code


def place(raw, **kwargs) -> tuple:
    loc = parse_location(raw, **kwargs)
    return (loc.country, loc.subdivision, loc.city, loc.remote)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("San Francisco, CA", ("US", "US-CA", "San Francisco", None)),
        ("Toronto, CA", ("CA", None, "Toronto", None)),
        ("Canada", ("CA", None, None, None)),
        ("CA", (None, None, None, None)),
        ("Remote - US", ("US", None, None, True)),
        ("London, UK", ("GB", None, "London", None)),
        ("New York, NY 10001", ("US", "US-NY", "New York", None)),
        ("US-AR-Springdale", ("US", "US-AR", "Springdale", None)),
        ("US-AR-SPRINGDALE-BLDG 1", ("US", "US-AR", "Springdale", None)),
        ("USA.VA.Reston", ("US", "US-VA", "Reston", None)),
        ("US-NC-Chapel-Hill", ("US", "US-NC", "Chapel Hill", None)),
        ("Heredia Costa Rica", ("CR", None, "Heredia", None)),
        ("Brazil - Remote", ("BR", None, None, True)),
        ("Brazil (Remote)", ("BR", None, None, True)),
        ("Brazil/Remote", ("BR", None, None, True)),
        ("US, NY, New York", ("US", "US-NY", "New York", None)),
        ("GB, LND, London", ("GB", "GB-LND", "London", None)),
        ("US, , ", ("US", None, None, None)),
        ("US, CA, 94306", ("US", "US-CA", None, None)),
        ("GB, , Glasgow / Birmingham / London / Remote", ("GB", None, None, True)),
        ("EG, C, Cairo, Nasr City", ("EG", "EG-C", "Cairo", None)),
        ("Richland, WA", ("US", "US-WA", "Richland", None)),
        ("SG15 6SN", ("GB", None, None, None)),
        ("Toronto, ON", ("CA", "CA-ON", "Toronto", None)),
        ("Toronto, Ontario, Canada", ("CA", "CA-ON", "Toronto", None)),
        ("Sydney, NSW", ("AU", "AU-NSW", "Sydney", None)),
        ("Boston MA", ("US", "US-MA", "Boston", None)),
        ("München, Germany", ("DE", None, "München", None)),
        ("Hybrid - London, England", ("GB", None, "London", False)),
        ("Tbilisi, Georgia", ("GE", None, "Tbilisi", None)),
        ("Atlanta, Georgia", ("US", "US-GA", "Atlanta", None)),
        ("Georgia", (None, None, None, None)),
        ("Remote", (None, None, None, True)),
        ("Anywhere", (None, None, None, True)),
        ("2 Locations", (None, None, None, None)),
        ("-1", (None, None, None, None)),
        ("", (None, None, None, None)),
        (None, (None, None, None, None)),
    ],
)
def test_location_traps(raw, expected):
    assert place(raw) == expected


# The 26 ISO 3166-1 codes that are also US state codes: after a city they mean the state...
COLLIDING = [
    "AL",
    "AR",
    "AZ",
    "CA",
    "CO",
    "DE",
    "GA",
    "ID",
    "IL",
    "IN",
    "KY",
    "LA",
    "MA",
    "MD",
    "ME",
    "MN",
    "MO",
    "MS",
    "MT",
    "NC",
    "NE",
    "PA",
    "SC",
    "SD",
    "TN",
    "VA",
]


@pytest.mark.parametrize("code", COLLIDING)
def test_colliding_code_after_a_city_is_the_us_state(code):
    assert place(f"Springfield, {code}") == ("US", f"US-{code}", "Springfield", None)


@pytest.mark.parametrize("code", COLLIDING)
def test_colliding_code_alone_is_ambiguous_unless_hinted(code):
    assert place(code) == (None, None, None, None)
    assert place(code, country_hint="US")[:2] == ("US", f"US-{code}")
    assert place(code, country_hint=code)[:2] == (code, None)


@pytest.mark.parametrize(
    ("raw", "country"),
    [("Bangalore, IN", "IN"), ("Berlin, DE", "DE"), ("Tel Aviv, IL", "IL"), ("Bogotá, CO", "CO")],
)
def test_colliding_code_after_a_known_city_of_that_country(raw, country):
    assert place(raw)[:2] == (country, None)


def test_zip_code_settles_a_colliding_code():
    assert place("Vancouver, WA 98660")[:2] == ("US", "US-WA")
    assert place("Toronto, CA 90001")[:2] == ("US", "US-CA")


def test_country_hint_fills_the_country_only_when_the_text_names_none():
    assert place("San Francisco", country_hint="US") == ("US", None, "San Francisco", None)
    assert place("Remote", country_hint="United Kingdom") == ("GB", None, None, True)
    assert place("Paris, France", country_hint="US")[0] == "FR"
    assert place("San Francisco")[0] is None


def test_several_offices_keep_only_what_all_agree_on():
    assert place("New York, NY; London, UK") == (None, None, None, None)
    assert place("Austin, TX; Dallas, TX") == ("US", "US-TX", None, None)
    assert place(["Austin, TX", "Austin, TX"]) == ("US", "US-TX", "Austin", None)


def test_remote_beside_offices_keeps_the_office_geography():
    assert place(["Remote", "Austin, TX"]) == ("US", "US-TX", "Austin", True)
    assert place("Remote | Berlin, Germany") == ("DE", None, "Berlin", True)


def test_raw_text_is_kept():
    assert parse_location("  Austin, TX ").raw == "Austin, TX"
    assert parse_location(["Remote", "Austin, TX"]).raw == "Remote; Austin, TX"


NHS_PLACE = {
    "@type": "Place",
    "address": {
        "@type": "PostalAddress",
        "addressCountry": "GB",
        "addressLocality": "ARLESEY",
        "postalCode": "SG15 6SN",
    },
    "geo": {"@type": "GeoCoordinates", "latitude": "52.0105", "longitude": "-.262406"},
}


def test_nhs_jsonld_place():
    loc = parse_location(NHS_PLACE)
    assert (loc.country, loc.subdivision, loc.city, loc.remote) == ("GB", None, "Arlesey", None)
    assert loc.raw == "ARLESEY, SG15 6SN, GB"


@pytest.mark.parametrize(
    ("address", "expected"),
    [
        (
            {"addressLocality": "B7 4BN, Birmingham", "postalCode": "B7 4BN"},
            ("GB", None, "Birmingham"),
        ),
        (
            {"addressLocality": "St Leonard&#39;s on Sea", "addressCountry": "GB"},
            ("GB", None, "St Leonard's on Sea"),
        ),
        (
            {"addressLocality": "Austin", "addressRegion": "TX", "addressCountry": {"name": "US"}},
            ("US", "US-TX", "Austin"),
        ),
        (
            {"addressLocality": "Toronto", "addressRegion": "Ontario", "addressCountry": "Canada"},
            ("CA", "CA-ON", "Toronto"),
        ),
        ({"city": "Lisbon", "country": "pt", "remote": True}, ("PT", None, "Lisbon")),
    ],
)
def test_postal_address_mappings(address, expected):
    assert place(address)[:3] == expected


def test_plain_mapping_remote_flag():
    assert parse_location({"city": "Lisbon", "country": "PT", "remote": True}).remote is True
    assert (
        parse_location({"city": "Lisbon", "country": "PT", "telecommuting": False}).remote is False
    )


def test_lookup_helpers():
    assert country_code("United States of America") == "US"
    assert country_code("USA") == "US"
    assert country_code("Türkiye") == "TR"
    assert country_code("Narnia") is None
    assert subdivision_code("California", "US") == "US-CA"
    assert subdivision_code("ZZ", "US") is None


def test_location_is_a_frozen_value():
    loc = Location("US")
    with pytest.raises(AttributeError):
        loc.country = "GB"  # type: ignore[misc]


@settings(max_examples=200, deadline=None)
@given(st.one_of(st.text(max_size=60), st.lists(st.text(max_size=20), max_size=4)))
def test_never_raises_on_junk(raw):
    loc = parse_location(raw)
    assert loc.country is None or len(loc.country) == 2
    assert loc.subdivision is None or loc.subdivision.startswith(f"{loc.country}-")


@pytest.mark.parametrize("junk", [42, 3.5, object(), b"bytes", {"address": 7}, [None, 5]])
def test_non_text_input_gives_unknowns(junk):
    assert place(junk) == (None, None, None, None)
