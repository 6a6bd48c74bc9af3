"""Vendor the browser libraries of kg's pages into kg/web/static/vendor/ (run by hand when upgrading them).

Installs the pinned npm packages in a temporary folder with the machine's npm, copies their built files (source-map
comments dropped: the maps are not shipped) with their licences, and the licences of every package bundled into
them, and writes VERSIONS.md. Nothing is fetched when kg runs: the pages load these copies from the server.

    python scripts/vendor_web_assets.py
"""

import json
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

PACKAGES = {"@zazuko/yasgui": "4.6.2", "cytoscape": "3.34.4"}
FILES = {
    "@zazuko/yasgui": ("yasgui", ["build/yasgui.min.js", "build/yasgui.min.css"]),
    "cytoscape": ("cytoscape", ["dist/cytoscape.min.js"]),
}
# @zazuko/yasgui declares "license": "MIT" but ships no licence file; this is the MIT licence with the holders its
# package.json names (author Triply, contributor Zazuko GmbH).
YASGUI_LICENSE = """The MIT License (MIT)

Copyright (c) Triply B.V. and contributors (Zazuko GmbH)

Permission is hereby granted, free of charge, to any person obtaining a copy of this software and associated
documentation files (the "Software"), to deal in the Software without restriction, including without limitation
the rights to use, copy, modify, merge, publish, distribute, sublicense, and/or sell copies of the Software, and to
permit persons to whom the Software is furnished to do so, subject to the following conditions:

The above copyright notice and this permission notice shall be included in all copies or substantial portions of
the Software.

THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR IMPLIED, INCLUDING BUT NOT LIMITED TO THE
WARRANTIES OF MERCHANTABILITY, FITNESS FOR A PARTICULAR PURPOSE AND NONINFRINGEMENT. IN NO EVENT SHALL THE AUTHORS OR
COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM, DAMAGES OR OTHER LIABILITY, WHETHER IN AN ACTION OF CONTRACT, TORT OR
OTHERWISE, ARISING FROM, OUT OF OR IN CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS IN THE SOFTWARE.
"""
_LICENSE_NAMES = re.compile(r"^(licen[cs]e|copying|notice)(\.(md|txt|markdown))?$", re.IGNORECASE)


def _licence_files(package: Path) -> list[Path]:
    return sorted(p for p in package.iterdir() if p.is_file() and _LICENSE_NAMES.match(p.name))


def _dependency_tree(root: Path, name: str) -> dict[str, dict]:
    """Every package installed for ``name`` (npm ls --all --omit=dev), by name: version and folder."""
    listing = json.loads(subprocess.run(["npm", "ls", "--all", "--omit=dev", "--json", "--long"], cwd=root,
                                        capture_output=True, text=True, check=True).stdout)
    found: dict[str, dict] = {}

    def walk(deps: dict):
        for dep_name, info in (deps or {}).items():
            if dep_name in found or "path" not in info:
                continue
            found[dep_name] = {"version": info.get("version"), "path": Path(info["path"]),
                               "license": info.get("license")}
            walk(info.get("dependencies"))

    walk({name: listing["dependencies"][name]})
    return found


def main() -> None:
    target = Path(__file__).resolve().parent.parent / "kg" / "web" / "static" / "vendor"
    with tempfile.TemporaryDirectory(prefix="kg-vendor-") as work:
        root = Path(work)
        (root / "package.json").write_text('{"name": "kg-vendor", "private": true}\n')
        subprocess.run(["npm", "install", "--no-audit", "--no-fund", "--ignore-scripts",
                        *[f"{name}@{version}" for name, version in PACKAGES.items()]], cwd=root, check=True)
        intro = ("Copied by `scripts/vendor_web_assets.py` from the npm registry; served by `kg serve` from "
                 "`/static/vendor/`, never from a CDN.")
        lines = ["# Vendored browser libraries", "", intro, "",
                 "| package | version | licence | files |", "| --- | --- | --- | --- |"]
        for name, (folder, files) in FILES.items():
            package = root / "node_modules" / name
            meta = json.loads((package / "package.json").read_text())
            out = target / folder
            shutil.rmtree(out, ignore_errors=True)
            out.mkdir(parents=True)
            for file in files:
                text = (package / file).read_text(encoding="utf-8")
                text = re.sub(r"\n?/[/*]# sourceMappingURL=[^\n]*\s*$", "\n", text)
                (out / Path(file).name).write_text(text, encoding="utf-8")
            licences = _licence_files(package)
            if licences:
                for licence in licences:
                    shutil.copy(licence, out / licence.name)
            elif name == "@zazuko/yasgui":
                (out / "LICENSE").write_text(YASGUI_LICENSE)
            bundled = _dependency_tree(root, name)
            bundled.pop(name, None)
            if bundled:
                notices = [f"Licences of the packages bundled into {name} {meta['version']}.\n"]
                for dep, info in sorted(bundled.items()):
                    notices.append(f"\n{'=' * 78}\n{dep} {info['version']} ({info['license']})\n{'=' * 78}\n")
                    files_found = _licence_files(info["path"])
                    notices.extend(f.read_text(encoding="utf-8", errors="replace") for f in files_found)
                    if not files_found:
                        notices.append(f"(no licence file in the package; package.json says {info['license']})\n")
                (out / "THIRD-PARTY-LICENSES.txt").write_text("".join(notices), encoding="utf-8")
            lines.append(f"| `{name}` | {meta['version']} | {meta.get('license')} | "
                         + ", ".join(f"`{folder}/{Path(f).name}`" for f in files) + " |")
        (target / "VERSIONS.md").write_text("\n".join(lines) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
