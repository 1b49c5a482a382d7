"""The analysis vocabulary, defined once: credential types, degree levels and strengths."""

from __future__ import annotations

CREDENTIAL_TYPES = (
    "degree",
    "license",
    "certification",
    "certificate",
    "microcredential",
    "clearance",
)
# Lowest first: professional degrees (ISCED 7) sit below doctorates (ISCED 8).
DEGREE_LEVELS = ("secondary", "associate", "bachelor", "master", "professional", "doctorate")
UNSPECIFIED_LEVEL = "unspecified"
STRENGTHS = ("required", "preferred", "unspecified")
