"""Settings gathered by the command line and read by the core; the core never sees click."""

from __future__ import annotations

from dataclasses import dataclass, field

FRAMEWORKS = ("pytorch",)


@dataclass(frozen=True)
class AnalysisSettings:
    """What changes the analysis itself."""

    strict: bool = False
    framework: str = "pytorch"
    layout: str = "hwc"  # the spec's own layout (set per network by the calculator)


@dataclass(frozen=True)
class Settings:
    """One invocation: what to check and how to report it."""

    command: str  # "check" or "calc"
    paths: tuple[str, ...] = ()
    input_text: str | None = None
    layer_args: tuple[str, ...] = ()
    output_format: str = "table"
    layout: str | None = None
    color: str = "auto"  # auto, always, never
    depth: int | None = None  # table: collapse block instances nested deeper than this
    analysis: AnalysisSettings = field(default_factory=AnalysisSettings)
