"""Postings not in English get their language and no mentions from English rules."""

import pytest

from analyzer import analyze_texts, language
from analyzer.language import detect_language

# Postings written for these tests in the style of real ones; each names credentials that English
# patterns would match (MBA, PMP, CPA, RN, BSc) if the text were read with English rules.
NOT_ENGLISH = {
    "fr": (
        "Infirmier diplômé d'État (H/F)\n"
        "Nous recherchons pour notre service de cardiologie un infirmier ou une infirmière. "
        "Profil recherché : diplôme d'État d'infirmier obligatoire, une expérience de deux ans en "
        "milieu hospitalier est souhaitée. Un MBA ou une certification PMP serait un plus pour le "
        "poste de cadre. Vous travaillerez en équipe avec les médecins et les aides-soignants."
    ),
    "de": (
        "Pflegefachkraft (m/w/d) Intensivstation\n"
        "Wir suchen eine examinierte Pflegefachkraft mit abgeschlossener Ausbildung und "
        "Berufserfahrung in der Intensivpflege. Ein Bachelorabschluss (BSc) in Pflegewissenschaft "
        "ist wünschenswert, eine Fachweiterbildung Anästhesie und Intensivpflege von Vorteil. Sie "
        "arbeiten im Team mit Ärztinnen und Ärzten und übernehmen Verantwortung für die Versorgung."
    ),
    "es": (
        "Contable senior\n"
        "Buscamos un contable con titulación universitaria en Administración y Dirección de "
        "Empresas y al menos cinco años de experiencia. Se valorará la certificación CPA o un MBA. "
        "Ofrecemos contrato indefinido, formación continua y un buen ambiente de trabajo en equipo "
        "en nuestras oficinas del centro de la ciudad, con horario flexible y teletrabajo parcial."
    ),
}
ENGLISH = (
    "Registered Nurse - Cardiology\n"
    "We are looking for a registered nurse to join our team. Requirements: current RN license, "
    "BSN preferred, BLS certification. You will work with physicians and nursing assistants."
)


@pytest.mark.parametrize("language", sorted(NOT_ENGLISH))
def test_postings_not_in_english_get_their_language_and_no_mentions(language):
    (analysis,) = analyze_texts([NOT_ENGLISH[language]], ["x"])
    assert analysis["language"] == language
    assert analysis["mentions"] == []
    assert analysis["min_degree_required"] is None


def test_english_postings_are_read():
    (analysis,) = analyze_texts([ENGLISH])
    assert analysis["language"] == "en"
    assert {m["type"] for m in analysis["mentions"]} >= {"license", "degree", "certification"}


def test_detector_answers_for_every_language_in_a_batch_in_order():
    texts = [ENGLISH, NOT_ENGLISH["fr"], "", ENGLISH, NOT_ENGLISH["de"]]
    assert [a["language"] for a in analyze_texts(texts)] == ["en", "fr", None, "en", "de"]


MIXED = " ".join(["Projektmanager", "PMP", "Zertifizierung", "erforderlich"] * 20)


class GermanDetector:
    """Stands in for py3langid: always German, with the confidence given."""

    def __init__(self, confidence: float) -> None:
        self.confidence = confidence

    def classify(self, text):
        return "de", self.confidence


def test_low_confidence_counts_as_english(monkeypatch):
    monkeypatch.setattr(language, "identifier", lambda: GermanDetector(0.4))
    assert detect_language(MIXED) == "en"


def test_a_confident_detector_names_the_language(monkeypatch):
    monkeypatch.setattr(language, "identifier", lambda: GermanDetector(0.99))
    assert detect_language(MIXED) == "de"
