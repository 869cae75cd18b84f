#!/usr/bin/env python3
"""The pinned requirements' supply-chain scans: ``audit`` (pip-audit, make audit) and ``sbom`` (CycloneDX, make sbom).

Both read every exact pin of requirements/*.txt (``-r`` includes followed, extras dropped), deduplicated into one
flat list, so what is scanned is what ``make install-dev`` installs.

audit: with PyPI reachable, pip-audit checks each pin against PyPI's advisories (no resolution, no install). When
the network is absent (or NEST_AUDIT_OFFLINE=1), or the index does not answer the advisory query for a pin, it
never fails for want of it: it says that the online audit was skipped and checks those pins against the local
advisory copy (requirements/advisories.json, written by ``audit --refresh`` with pip-audit's findings per pin
and the date). A pin the copy does not know (changed since, or never audited) is listed as not checked.
Known findings fail the run unless requirements/audit-ignore.txt lists their id with a reason.

sbom: a CycloneDX 1.6 JSON document of the pins (cyclonedx-py), at var/sbom/nest.cdx.json unless told.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import socket
import subprocess
import sys
import tempfile
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
REQUIREMENTS = ["base.txt", "production.txt", "dev.txt", "model.txt"]
ADVISORIES = Path(os.environ.get("NEST_AUDIT_ADVISORIES", ROOT / "requirements" / "advisories.json"))
IGNORES = ROOT / "requirements" / "audit-ignore.txt"
PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)(?:\[[^\]]*\])?==([^\s;#]+)")
INDEX_HOST = os.environ.get("NEST_AUDIT_INDEX_HOST", "pypi.org")


def pins(folder: Path = ROOT / "requirements") -> dict[str, str]:
    """``{normalised name: version}`` of every ``name==version`` line, following ``-r`` includes."""
    found: dict[str, str] = {}
    seen: set[Path] = set()

    def read(path: Path) -> None:
        if path in seen:
            return
        seen.add(path)
        for raw in path.read_text().splitlines():
            line = raw.split(" #", 1)[0].strip()
            if line.startswith(("-r ", "--requirement ")):
                read(path.parent / line.split(None, 1)[1])
            elif match := PIN.match(line):
                found[re.sub(r"[-_.]+", "-", match[1]).lower()] = match[2]

    for name in REQUIREMENTS:
        read(folder / name)
    return dict(sorted(found.items()))


def flat_requirements(directory: Path) -> Path:
    path = directory / "requirements.txt"
    path.write_text("".join(f"{name}=={version}\n" for name, version in pins().items()))
    return path


def tool(name: str) -> str:
    """The tool beside this interpreter (the venv's), else on PATH."""
    candidate = Path(sys.executable).parent / name
    return str(candidate) if candidate.exists() else name


def online(timeout: float = 2.0) -> bool:
    if os.environ.get("NEST_AUDIT_OFFLINE") == "1":
        return False
    try:
        socket.create_connection((INDEX_HOST, 443), timeout=timeout).close()
    except OSError:
        return False
    return True


def ignored() -> dict[str, str]:
    """``{advisory id: reason}`` from audit-ignore.txt (``ID  reason``; a line without a reason is an error)."""
    if not IGNORES.exists():
        return {}
    found = {}
    for line in IGNORES.read_text().splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            advisory, _, reason = line.partition(" ")
            if not reason.strip():
                raise SystemExit(f"{IGNORES}: {advisory} needs a reason")
            found[advisory] = reason.strip()
    return found


def run_pip_audit() -> tuple[dict[str, list[dict]], dict[str, str]] | None:
    """pip-audit over the flat pins, against PyPI: ``({name==version: [finding, ...]}, {name==version: why not
    audited})``; None when pip-audit itself failed (the index stopped answering mid-run)."""
    with tempfile.TemporaryDirectory() as directory:
        requirements = flat_requirements(Path(directory))
        command = [tool("pip-audit"), "-r", str(requirements), "--no-deps", "--disable-pip", "--format", "json"]
        command += ["--progress-spinner", "off", "--timeout", "10", "--cache-dir", str(Path(directory) / "cache")]
        result = subprocess.run(command, capture_output=True, text=True, check=False)  # noqa: S603 - the venv's tool, fixed arguments
    if result.returncode not in (0, 1) or not result.stdout.strip():
        print(f"audit: pip-audit failed ({result.returncode}): {result.stderr.strip().splitlines()[-1:]}")
        return None
    audited, skipped = {}, {}
    for dependency in json.loads(result.stdout)["dependencies"]:
        if "version" in dependency:
            audited[f"{dependency['name'].lower()}=={dependency['version']}"] = [
                {key: finding.get(key) for key in ("id", "aliases", "fix_versions", "description")}
                for finding in dependency.get("vulns", [])
            ]
        else:
            skipped[dependency["name"].lower()] = dependency.get("skip_reason", "not audited")
    return audited, skipped


def report(findings: dict[str, list[dict]], current: dict[str, str]) -> int:
    """Print the findings of the current pins; 1 if any is not ignored."""
    skip = ignored()
    failing = 0
    for name, version in current.items():
        for finding in findings.get(f"{name}=={version}", []):
            aliases = ", ".join(finding.get("aliases") or [])
            fixes = ", ".join(finding.get("fix_versions") or []) or "none yet"
            ids = {finding["id"], *(finding.get("aliases") or [])}
            reason = next((skip[i] for i in ids if i in skip), None)
            state = f"ignored: {reason}" if reason else "VULNERABLE"
            print(f"  {name}=={version}: {finding['id']} ({aliases}) fixed in {fixes} [{state}]")
            failing += reason is None
    return 1 if failing else 0


def from_local_copy(current: dict[str, str], why: str) -> int:
    """The audit without the network: the local advisory copy's findings for the pins it knows."""
    if not ADVISORIES.exists():
        print(f"audit: {why}, and there is no local advisory copy ({ADVISORIES}): the audit was SKIPPED")
        return 0
    copy = json.loads(ADVISORIES.read_text())
    known = copy["pins"]
    unknown = [f"{name}=={version}" for name, version in current.items() if f"{name}=={version}" not in known]
    print(
        f"audit: {why}: the online audit was SKIPPED; {len(current) - len(unknown)} of {len(current)} pins "
        f"checked against the local advisory copy of {copy['generated']} ({ADVISORIES.name})"
    )
    if unknown:
        print(f"  not in the local copy, so not checked: {', '.join(unknown)}")
    return report(known, current)


def audit(args) -> int:
    current = pins()
    reachable = online()
    result = run_pip_audit() if reachable else None
    if args.refresh:
        if result is None:
            print(f"audit --refresh: {INDEX_HOST} did not answer; the local advisory copy was left as it is.")
            return 1
        audited, skipped = result
        copy = {"generated": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"), "service": "pypi", "pins": audited}
        ADVISORIES.write_text(json.dumps(copy, indent=1, sort_keys=True) + "\n")
        print(f"audit: wrote the local advisory copy ({len(audited)} pins audited, {len(skipped)} not) to {ADVISORIES}")
        return report(audited, current)
    if result is None:
        why = "offline" if not reachable else f"{INDEX_HOST} stopped answering"
        status = from_local_copy(current, why)
    else:
        audited, skipped = result
        print(f"audit: {len(audited)} of {len(current)} pins checked online by pip-audit against {INDEX_HOST}")
        if skipped:
            # The index answers package downloads but not every advisory query (a mirror, a proxy): those pins
            # fall back to the local copy.
            print(f"  {len(skipped)} pins could not be audited online (e.g. {next(iter(skipped.values()))})")
            missing = {name: version for name, version in current.items() if name in skipped}
            status = max(report(audited, current), from_local_copy(missing, "for those pins"))
        else:
            status = report(audited, current)
    print("audit: no known vulnerability in what was checked" if status == 0 else "audit: known vulnerabilities")
    return status


def sbom(args) -> int:
    output = Path(args.output)
    output.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as directory:
        requirements = flat_requirements(Path(directory))
        command = [tool("cyclonedx-py"), "requirements", str(requirements), "--pyproject", str(ROOT / "pyproject.toml")]
        command += ["--of", "JSON", "--sv", "1.6", "--output-reproducible", "-o", str(output)]
        # cyclonedx-py checks the document against CycloneDX's JSON schema by default (several seconds of CPU);
        # the test skips that and checks the document's own structure.
        command += [] if args.validate else ["--no-validate"]
        result = subprocess.run(command, capture_output=True, text=True, check=False)  # noqa: S603 - the venv's tool, fixed arguments
    if result.returncode != 0:
        print(result.stderr, file=sys.stderr)
        return result.returncode
    components = json.loads(output.read_text())["components"]
    print(f"sbom: {len(components)} components written to {output} (CycloneDX 1.6 JSON)")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)
    audit_parser = commands.add_parser("audit", help="pip-audit the pins (the local advisory copy offline)")
    audit_parser.add_argument("--refresh", action="store_true", help="audit online and rewrite the local copy")
    audit_parser.set_defaults(run=audit)
    sbom_parser = commands.add_parser("sbom", help="write a CycloneDX SBOM of the pins")
    sbom_parser.add_argument("-o", "--output", default=str(ROOT / "var" / "sbom" / "nest.cdx.json"))
    sbom_parser.add_argument("--no-validate", dest="validate", action="store_false", help="skip the schema check")
    sbom_parser.set_defaults(run=sbom)
    args = parser.parse_args(argv)
    return args.run(args)


if __name__ == "__main__":
    sys.exit(main())
