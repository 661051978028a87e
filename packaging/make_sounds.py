"""Generate the feedback sounds in resources/sounds/ (ok, warning, error).

Run `python packaging/make_sounds.py` to rebuild them. The output is deterministic, so the
committed WAVs only change when this script does. The three sounds differ in pitch, length and
rhythm so they can be told apart without looking at the screen, even in a noisy warehouse:
ok is one short high beep, warning two mid beeps, error a long low buzz.
"""

import math
import struct
import sys
import wave
from pathlib import Path

RATE = 44100
# Headroom below full scale: cheap speakers distort, and the buzz is loud by nature.
AMPLITUDE = 0.55
# Fades at each edge stop the click a hard start or stop makes.
FADE_S = 0.006

SOUNDS_DIR = Path(__file__).resolve().parent.parent / "resources" / "sounds"


def _envelope(i: int, n: int) -> float:
    fade = int(FADE_S * RATE)
    if i < fade:
        return i / fade
    if i > n - fade:
        return max(0.0, (n - i) / fade)
    return 1.0


def tone(freq: float, seconds: float, harmonics: tuple[float, ...] = (1.0,)) -> list[float]:
    """A tone with the given relative harmonic strengths (1st, 2nd, 3rd...)."""
    n = int(seconds * RATE)
    norm = sum(harmonics)
    samples = []
    for i in range(n):
        t = i / RATE
        value = sum(h * math.sin(2 * math.pi * freq * (k + 1) * t)
                    for k, h in enumerate(harmonics)) / norm
        samples.append(value * _envelope(i, n))
    return samples


def silence(seconds: float) -> list[float]:
    return [0.0] * int(seconds * RATE)


def ok() -> list[float]:
    return tone(1900, 0.08)


def warning() -> list[float]:
    beep = tone(880, 0.11, (1.0, 0.25))
    return beep + silence(0.07) + beep


def error() -> list[float]:
    # Odd harmonics make it buzz like a square wave, which cuts through noise at low pitch.
    return tone(170, 0.40, (1.0, 0.0, 0.5, 0.0, 0.3, 0.0, 0.2))


def write(path: Path, samples: list[float]) -> None:
    frames = b"".join(struct.pack("<h", int(max(-1.0, min(1.0, s)) * AMPLITUDE * 32767))
                      for s in samples)
    with wave.open(str(path), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(RATE)
        out.writeframes(frames)


def main() -> int:
    SOUNDS_DIR.mkdir(parents=True, exist_ok=True)
    for name, make in (("ok", ok), ("warning", warning), ("error", error)):
        path = SOUNDS_DIR / f"{name}.wav"
        write(path, make())
        print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
