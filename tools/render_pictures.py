"""Render `convcalc draw` of every spec in specs/ and tests/examples/ to PNG with headless
Chromium, to look at them (tests parse the SVG; only eyes tell whether a person can read it).

    python tools/render_pictures.py [--out DIR] [--chromium PATH] [--readme]

Chromium is not a dependency (Debian: `apt-get install chromium`). torchvision's nets are drawn
by blocks (ResNets at --depth 1, the others at 0), everything else fully expanded. `--readme`
renders only the README's two pictures and copies them into docs/images/. Specs that do not
load are listed and skipped.
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SPECS = [
    *sorted((ROOT / "specs").rglob("*.yaml")),
    *sorted((ROOT / "tests" / "examples").rglob("*.yaml")),
]
# The README's pictures: (spec, extra draw options, image name).
README = (
    ("specs/lenet5.yaml", ["--rf", "conv2"], "lenet5.png"),
    ("specs/inception_block.yaml", ["--direction", "down"], "inception_block.png"),
)
_SIZE = re.compile(r'<svg [^>]*width="([\d.]+)" height="([\d.]+)"')


def _png_name(spec: Path) -> str:
    return spec.relative_to(ROOT).with_suffix("").as_posix().replace("/", "_") + ".png"


def draw(spec: Path, svg: Path, options: list[str]) -> bool:
    # torchvision's nets by their blocks: ResNet's bottlenecks at depth 1, the others' stages.
    depth = []
    if "torchvision" in spec.parts:
        depth = ["--depth", "1" if spec.stem.startswith("resnet") else "0"]
    result = subprocess.run(
        [sys.executable, "-m", "convcalc", "draw", str(spec), "-o", str(svg), *depth, *options],
        capture_output=True,
        text=True,
        check=False,
    )
    return result.returncode in (0, 1) and svg.exists()


def screenshot(chromium: str, svg: Path, png: Path) -> None:
    found = _SIZE.search(svg.read_text(encoding="utf-8"))
    assert found is not None, svg
    width, height = (int(float(value)) + 1 for value in found.groups())
    with tempfile.TemporaryDirectory() as profile:
        subprocess.run(
            [
                chromium,
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--hide-scrollbars",
                f"--user-data-dir={profile}",
                f"--window-size={width},{height}",
                f"--screenshot={png}",
                svg.as_uri(),
            ],
            capture_output=True,
            check=True,
            timeout=120,
        )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--out", type=Path, default=Path(tempfile.gettempdir()) / "convcalc-pictures"
    )
    parser.add_argument(
        "--chromium", default=shutil.which("chromium") or shutil.which("chromium-browser")
    )
    parser.add_argument(
        "--readme", action="store_true", help="only the README's pictures, into docs/images/ too"
    )
    arguments = parser.parse_args()
    if not arguments.chromium:
        parser.error("no chromium found: apt-get install chromium, or pass --chromium PATH")
    arguments.out.mkdir(parents=True, exist_ok=True)
    if arguments.readme:
        jobs = [(ROOT / spec, options, f"readme_{name}") for spec, options, name in README]
    else:
        jobs = [(spec, [], _png_name(spec)) for spec in SPECS]
    for spec, options, name in jobs:
        png = arguments.out / name
        svg = png.with_suffix(".svg")
        if not draw(spec, svg, options):
            print(f"not drawn (does not load): {spec.relative_to(ROOT)}")
            continue
        screenshot(arguments.chromium, svg, png)
        print(png)
        if name.startswith("readme_"):
            target = ROOT / "docs" / "images" / name.removeprefix("readme_")
            target.parent.mkdir(exist_ok=True)
            shutil.copyfile(png, target)
            print(f"  -> {target.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
