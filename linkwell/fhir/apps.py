from django.apps import AppConfig


class FhirConfig(AppConfig):
    name = "linkwell.fhir"
    label = "fhir"
    verbose_name = "FHIR R4 referral intake"
