"""The findings, printed for a person (text), a program (json) or GitHub Actions (github)."""

import json
from dataclasses import asdict
from enum import StrEnum

from .checks import Finding


class Format(StrEnum):
    text = "text"
    json = "json"
    github = "github"


def _github_escape(text: str, *, property_value: bool = False) -> str:
    # GitHub's workflow commands: https://docs.github.com/actions/reference/workflow-commands
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return text.replace(":", "%3A").replace(",", "%2C") if property_value else text


def render(findings: list[Finding], files: int, output: Format) -> str:
    if output is Format.json:
        return json.dumps([asdict(finding) for finding in findings], indent=2)
    if output is Format.github:
        return "\n".join(
            f"::error file={_github_escape(f.path, property_value=True)},line={f.line},"
            f"col={f.column},title={f.code}::{_github_escape(f.code + ' ' + f.message)}"
            for f in findings
        )
    lines = [f"{f.path}:{f.line}:{f.column}: {f.code} {f.message}" for f in findings]
    plural = "" if files == 1 else "s"
    if findings:
        lines.append(f"Found {len(findings)} finding(s) in {files} file{plural}.")
    else:
        lines.append(f"All checks passed ({files} file{plural}).")
    return "\n".join(lines)
