"""The failure classes seen on fresh postings: false readings yield nothing, misses are found.

Every text here was written for these tests (three or more paraphrases per class); none comes from
the test split.
"""

import pytest

from analyzer import analyze_text


def found(text: str) -> list[tuple[str, str]]:
    """(mention text, type) of every mention in the text."""
    return [(m["text"], m["type"]) for m in analyze_text(text)["mentions"]]


def types_found(text: str, phrase: str) -> set[str]:
    """Types of the mentions that overlap `phrase` in the text."""
    start = text.index(phrase)
    end = start + len(phrase)
    return {
        m["type"] for m in analyze_text(text)["mentions"] if m["start"] < end and start < m["end"]
    }


BACK_REFERENCES = [
    # (text, type, how many mentions of that type)
    (
        "Requirements\nDegree: chemistry or a related science. The degree must be from an "
        "accredited college or university.",
        "degree",
        1,
    ),
    (
        "Minimum Qualifications\nA valid driver's license is required. The license must be "
        "maintained throughout employment.",
        "license",
        1,
    ),
    (
        "Requirements\nCurrent BLS certification. Proof of certification must be kept on file.",
        "certification",
        1,
    ),
    (
        "Qualifications\nA bachelor's degree in accounting; the degree must include 24 semester "
        "hours in accounting.",
        "degree",
        1,
    ),
]


@pytest.mark.parametrize(("text", "kind", "count"), BACK_REFERENCES)
def test_back_references_are_not_new_requests(text, kind, count):
    assert [t for _, t in found(text)].count(kind) == count


PAPERWORK = [
    "Applicants will be rated on their personal qualifications and the Qualifications "
    "Questionnaire.",
    "Selective Certification may be used for positions requiring special skills.",
    "Please submit proof of your degree and upload your transcripts with the application.",
    "List your license number and the state that issued it on the application form.",
    "Has your teaching license ever been suspended or revoked?",
    "Candidates with superior qualifications may be appointed above the minimum rate.",
]


@pytest.mark.parametrize("text", PAPERWORK)
def test_paperwork_and_civil_service_words_are_not_credentials(text):
    assert found(text) == []


EVERYDAY_WORDS = [
    "You will review contracts at a level of detail that leaves nothing to chance.",
    "You will present the quarterly results to the BA board every spring.",
    "Experience with MPP warehouses such as Redshift or Greenplum.",
    "Our code is released under the MIT licence and welcomes outside contributors.",
    "Staff serve alcohol on licensed premises and must follow the venue's policies.",
    "Work at a level commensurate with experience.",
]


@pytest.mark.parametrize("text", EVERYDAY_WORDS)
def test_everyday_words_and_other_acronyms_are_not_credentials(text):
    assert found(text) == []


ROLES_AND_AUDIENCES = [
    "You will report to the Registered Manager of the home.",
    "Our lead consultant holds the Advanced Diploma and will mentor you.",
    "You will work alongside Chartered Accountants and tax advisers.",
    "Support the Registered Nurses on the ward with patient observations.",
]


@pytest.mark.parametrize("text", ROLES_AND_AUDIENCES)
def test_roles_and_audiences_are_not_requests(text):
    assert found(text) == []


TRAINING_OFFERED = [
    "We will support you to gain your Care Certificate within twelve weeks.",
    "Full training is provided, including the opportunity to complete an NVQ Level 3.",
    "We offer tuition reimbursement towards an MBA for eligible staff.",
    "The company will pay for your CDL training and licensing fees.",
]


@pytest.mark.parametrize("text", TRAINING_OFFERED)
def test_training_offered_is_not_required(text):
    assert found(text) == []


TYPE_CONFUSIONS = [
    # (text, phrase, type): state-issued certificates and registrations are licences;
    # completed apprenticeships are certificates
    (
        "Requirements\nA valid Grade II Water Treatment Operator Certificate issued by the State "
        "Water Resources Control Board.",
        "Water Treatment Operator Certificate",
        "license",
    ),
    (
        "Requirements\nCertification as an Engineer-in-Training issued by the State Board of "
        "Registration.",
        "Engineer-in-Training",
        "license",
    ),
    (
        "Requirements\nA valid Wastewater Treatment Plant Operator Certificate, Grade III, "
        "issued by the State of California.",
        "Wastewater Treatment Plant Operator Certificate",
        "license",
    ),
    (
        "Requirements\n1. Completion of a recognized apprenticeship as an electrician; or\n"
        "2. Four years of full-time paid experience as an electrician.",
        "apprenticeship",
        "certificate",
    ),
    (
        "Minimum Qualifications\nCompletion of a recognized four-year apprenticeship as a "
        "carpenter.",
        "apprenticeship",
        "certificate",
    ),
]


@pytest.mark.parametrize(("text", "phrase", "kind"), TYPE_CONFUSIONS)
def test_state_issued_credentials_are_licences_and_apprenticeships_certificates(text, phrase, kind):
    assert types_found(text, phrase) == {kind}


MISSES = [
    # (text, phrase, type)
    ("Education Level Required: Bachelors", "Bachelors", "degree"),
    ("Education Level Required: Associate Degree", "Associate Degree", "degree"),
    ("Minimum Education: High School Diploma or GED", "High School Diploma", "degree"),
    ("Security Clearance Required: Secret (Preferred)", "Secret", "clearance"),
    ("Clearance Level: Top Secret/SCI", "Top Secret", "clearance"),
    ("Security Clearance: Public Trust", "Public Trust", "clearance"),
    (
        "Essential\nRegistered as a Pharmacy Technician with the GPhC.",
        "Registered as a Pharmacy Technician with the GPhC",
        "license",
    ),
    (
        "Essential criteria\nRegistered with the HCPC as a Paramedic.",
        "Registered with the HCPC",
        "license",
    ),
    (
        "Requirements\nMust be registered as a Social Worker with Social Work England.",
        "registered as a Social Worker",
        "license",
    ),
    (
        "Requirements\nGraduation from a recognized four-year college or university.",
        "four-year college or university",
        "degree",
    ),
    (
        "Minimum Qualifications\nGraduation from an accredited four-year college with a major "
        "in biology.",
        "Graduation from an accredited four-year college",
        "degree",
    ),
    (
        "Requirements\nGraduation from an accredited 4-year college or university and two years "
        "of experience.",
        "4-year college or university",
        "degree",
    ),
    (
        "Requirements\nCompletion of a recognized apprenticeship as a plumber.",
        "apprenticeship as a plumber",
        "certificate",
    ),
    (
        "Requirements\nCompletion of a recognized apprenticeship as a machinist or sheet metal "
        "worker.",
        "apprenticeship as a machinist",
        "certificate",
    ),
    (
        "Requirements\nSuccessful completion of a recognized apprenticeship as an auto mechanic.",
        "apprenticeship as an auto mechanic",
        "certificate",
    ),
    (
        "Requirements\nASNT Level II or higher certification in ultrasonic testing.",
        "Level II or higher certification",
        "certification",
    ),
    (
        "Requirements\nAWS Certified Welding Inspector or Level III certification in visual "
        "inspection.",
        "Level III certification",
        "certification",
    ),
    (
        "Requirements\nIPC-A-610 Level 2 certification preferred.",
        "Level 2 certification",
        "certification",
    ),
    # safety and first-aid cards, typed as the taxonomy types them
    ("Requirements\nCurrent CPR and First Aid card.", "First Aid card", "certification"),
    ("Requirements\nA valid OSHA 10 card is required.", "OSHA 10 card", "certification"),
    ("Requirements\nHold a current CSCS card.", "CSCS card", "certification"),
    (
        "Qualifications\nPh.D in Chemistry, Materials Science or a related field.",
        "Ph.D in Chemistry",
        "degree",
    ),
    (
        "Qualifications\nPhD in Physics, Applied Mathematics or a related discipline.",
        "PhD in Physics",
        "degree",
    ),
    (
        "Qualifications\nMaster's in Statistics, Economics or a related quantitative field.",
        "Master's in Statistics",
        "degree",
    ),
]


@pytest.mark.parametrize(("text", "phrase", "kind"), MISSES)
def test_misses_are_found_with_their_type(text, phrase, kind):
    assert kind in types_found(text, phrase)
