"""OWASP's usual short names, seeded as synonyms editors can change (names from OWASP's site data)."""

from django.db import migrations

SYNONYMS = [
    (["ZAP", "Zed Attack Proxy"], "OWASP ZAP"),
    (["OpenCRE", "Common Requirement Enumeration", "Integration Standards"], "OpenCRE is the Integration Standards project"),
    (["ASVS", "Application Security Verification Standard"], ""),
    (["SAMM", "Software Assurance Maturity Model"], ""),
    (["MASVS", "MASTG", "MAS", "Mobile Application Security"], "the Mobile Application Security project"),
    (["WSTG", "Web Security Testing Guide"], ""),
    (["CRS", "Core Rule Set"], "ModSecurity Core Rule Set"),
    (["SKF", "Security Knowledge Framework"], ""),
    (["ESAPI", "Enterprise Security API"], ""),
    (["SCVS", "Software Component Verification Standard"], ""),
    (["OWTF", "Offensive Web Testing Framework"], ""),
    (["Top 10", "Top Ten", "Top10"], ""),
    (["LLM", "Large Language Model"], ""),
    (["SBOM", "Software Bill of Materials"], ""),
    (["crAPI", "Completely Ridiculous API"], ""),
    (["AppSec", "Application Security"], ""),
]


def seed(apps, schema_editor):
    Synonym = apps.get_model("search", "Synonym")
    for terms, note in SYNONYMS:
        Synonym.objects.get_or_create(terms=terms, defaults={"note": note})


def unseed(apps, schema_editor):
    Synonym = apps.get_model("search", "Synonym")
    for terms, _ in SYNONYMS:
        Synonym.objects.filter(terms=terms).delete()


class Migration(migrations.Migration):
    dependencies = [("search", "0002_pg_search_bm25")]

    operations = [migrations.RunPython(seed, unseed)]
