"""Open exports: FHIR R4 (Questionnaire, QuestionnaireResponse), CSV of a member's rounds, and the
anonymous case story for the council."""
