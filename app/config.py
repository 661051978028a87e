"""User settings: the scanner's timing and decoding, sounds, the last database. A typed
dataclass stored as JSON in the user's config folder and passed in where needed, never a global.

Unknown or malformed values in the file fall back to defaults, so an old or hand-edited file
never stops the app from starting.
"""

import json
from dataclasses import asdict, dataclass, field, fields, replace
from pathlib import Path

from app import paths
from app.labels.printing import PrintTarget
from app.scanning.decode import DecodeConfig
from app.scanning.wedge import WedgeSettings


@dataclass(frozen=True)
class ScannerSettings:
    max_gap_ms: int = 50
    min_length: int = 4
    max_ms_per_char: float = 30.0
    terminators: str = "\r\t"
    accept_without_terminator: bool = False
    flush_after_ms: int = 100
    prefix: str = ""
    suffix: str = ""
    gs_substitutes: str = "#"
    day_first_dates: bool = False  # typed dates may be DD.MM.YYYY or DD/MM/YYYY

    def wedge(self) -> WedgeSettings:
        return WedgeSettings(self.max_gap_ms, self.min_length, self.max_ms_per_char,
                             self.terminators, self.accept_without_terminator,
                             self.flush_after_ms)

    def decode(self) -> DecodeConfig:
        return DecodeConfig(prefix=self.prefix, suffix=self.suffix,
                            gs_substitutes=tuple(self.gs_substitutes),
                            day_first_dates=self.day_first_dates)


@dataclass(frozen=True)
class LabelSettings:
    """The label printer last used: remembered so the next print needs no choices."""

    size: str = "100x50mm"
    dpi: int = 300
    output: str = "pdf"  # pdf, printer, zpl
    printer: str = ""  # the system printer's name (Qt), or the CUPS queue for raw ZPL
    quiet_zone_modules: int = 10


@dataclass(frozen=True)
class PrintSettings:
    """Where the documents a station prints by itself go: a CUPS queue each, or, with no
    queue, files in `folder`."""

    slip_queue: str = ""
    label_queue: str = ""  # the label printer: carrier labels (raw ZPL or PDF)
    folder: str = ""  # empty: a "printed" folder in the user's documents
    slip_paper: str = "A4"  # A4, Letter or 4x6 (app.labels.slip_data.PAPERS)
    slip_gift: bool = False  # every slip without prices, as for a gift

    def target(self, purpose: str) -> PrintTarget:
        queue = self.label_queue if purpose == "label" else self.slip_queue
        return PrintTarget(queue, self.folder or str(paths.documents_dir() / "Binwise printed"))


@dataclass(frozen=True)
class ShippingLabelSettings:
    """The folder the seller's shipping tool saves its label files into: the window imports
    new ones as they appear (empty: none is watched)."""

    watch_folder: str = ""


@dataclass(frozen=True)
class ScaleSettings:
    """A scale on a serial port at Pack (empty port: none, or one that types like a
    keyboard, which needs no setting)."""

    port: str = ""  # e.g. /dev/ttyUSB0 or COM3
    baud: int = 9600
    # Sent to ask for a weight, `\r` and `\n` written as such (e.g. `SI\r\n`); empty: the
    # scale sends by itself.
    request: str = ""


@dataclass(frozen=True)
class Settings:
    scanner: ScannerSettings = field(default_factory=ScannerSettings)
    labels: LabelSettings = field(default_factory=LabelSettings)
    printing: PrintSettings = field(default_factory=PrintSettings)
    shipping_labels: ShippingLabelSettings = field(default_factory=ShippingLabelSettings)
    scale: ScaleSettings = field(default_factory=ScaleSettings)
    sounds: bool = True
    user: str = "operator"
    # Daily automatic backups kept in backups/ beside the database; 0 turns them off.
    backups_kept: int = 7


def settings_path() -> Path:
    return paths.config_dir() / "settings.json"


def _merge(cls, data: dict):
    """Build `cls` from `data`, keeping defaults for missing or wrongly typed values."""
    default = cls()
    values = {}
    for f in fields(cls):
        if f.name not in data:
            continue
        current, given = getattr(default, f.name), data[f.name]
        if hasattr(current, "__dataclass_fields__") and isinstance(given, dict):
            values[f.name] = _merge(type(current), given)
        elif isinstance(current, bool):
            if isinstance(given, bool):
                values[f.name] = given
        elif isinstance(current, int | float) and isinstance(given, int | float) \
                and not isinstance(given, bool) and given >= 0:
            values[f.name] = type(current)(given)
        elif isinstance(current, str) and isinstance(given, str):
            values[f.name] = given
    return replace(default, **values)


def load(path: Path | None = None) -> Settings:
    path = path or settings_path()
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return Settings()
    return _merge(Settings, data) if isinstance(data, dict) else Settings()


def save(settings: Settings, path: Path | None = None) -> None:
    path = path or settings_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    temp = path.with_suffix(".tmp")
    temp.write_text(json.dumps(asdict(settings), indent=2), encoding="utf-8")
    temp.replace(path)
