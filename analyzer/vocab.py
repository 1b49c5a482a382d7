"""The analysis vocabulary, defined once: credential types, degree levels and strengths."""

from __future__ import annotations

from enum import StrEnum


class CredentialType(StrEnum):
    """What kind of credential a mention is (aligned with Credential Engine CTDL classes)."""

    DEGREE = "degree"
    LICENSE = "license"
    CERTIFICATION = "certification"
    CERTIFICATE = "certificate"
    MICROCREDENTIAL = "microcredential"
    CLEARANCE = "clearance"


class DegreeLevel(StrEnum):
    """Degree levels, lowest first: professional degrees (ISCED 7) below doctorates (ISCED 8)."""

    SECONDARY = "secondary"
    ASSOCIATE = "associate"
    BACHELOR = "bachelor"
    MASTER = "master"
    PROFESSIONAL = "professional"
    DOCTORATE = "doctorate"


class Strength(StrEnum):
    """How strongly a posting asks for a credential."""

    REQUIRED = "required"
    PREFERRED = "preferred"
    UNSPECIFIED = "unspecified"


CREDENTIAL_TYPES: tuple[str, ...] = tuple(kind.value for kind in CredentialType)
DEGREE_LEVELS: tuple[str, ...] = tuple(level.value for level in DegreeLevel)  # lowest first
UNSPECIFIED_LEVEL = "unspecified"  # a degree whose level the text does not name
STRENGTHS: tuple[str, ...] = tuple(strength.value for strength in Strength)
