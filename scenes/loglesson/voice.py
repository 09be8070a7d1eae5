"""Speech for the narration: each line spoken offline by its language's engine, cached by its inputs.

English is spoken by Festival with the CMU SLT HTS voice (Debian `festival`,
`festvox-us-slt-hts`); Japanese by Open JTalk with the Mei voice (`pyopenjtalk-plus` with
`onnxruntime`, a ready wheel that ships its dictionary). Both run on this machine: no network,
no account, no key. Every line is loudness-normalised (−16 LUFS, true peak at most −1.5 dBTP)
and kept as a 48 kHz mono WAV named by a hash of engine, voice, language, text and
normalisation, so changing one line re-speaks that line only.

`python -m loglesson.voice ja "2 を何個掛け合わせると 8 になる？"` prints what the engine was
given, its phonemes and the line's length: the way to check a reading.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import importlib.util
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import wave
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from .paths import user_cache

SAMPLE_RATE = 48_000
LOUDNESS_LUFS = -16.0
TRUE_PEAK_DB = -1.5
CACHE_VARIABLE = "LESSON_SPEECH_CACHE"
FFMPEG = ("ffmpeg", "-nostdin", "-hide_banner", "-nostats", "-y")


class VoiceError(RuntimeError):
    """An engine or voice that is missing, or a line it could not speak."""


@dataclass(frozen=True)
class Speech:
    """A spoken line: its WAV file and its length in seconds."""

    path: Path
    duration: float


@dataclass(frozen=True)
class Engine:
    """An offline text-to-speech engine and the one voice the lesson uses from it."""

    name: str
    voice: str
    lang: str
    installed_by: str   # what the set-up installs, for the error when it is missing

    def check(self) -> None:
        """Raise VoiceError (one line: what is missing, how to get it) unless the engine can speak."""
        raise NotImplementedError

    def prepare(self, text: str) -> str:
        """The text exactly as the engine is given it."""
        return text

    def synthesize(self, text: str, wav: Path) -> None:
        raise NotImplementedError

    def phonemes(self, text: str) -> str:
        raise NotImplementedError


FESTIVAL_VOICE = "cmu_us_slt_arctic_hts"
FESTIVAL_VOICE_DIRS = (Path("/usr/share/festival/voices/us") / FESTIVAL_VOICE,)


class Festival(Engine):
    def check(self) -> None:
        if shutil.which("text2wave") is None:
            raise VoiceError(
                "English narration needs Festival's text2wave: the Debian package festival is "
                "missing (scripts/setup.sh installs it; or render silently with --set voice=off)"
            )
        if not any(d.is_dir() for d in FESTIVAL_VOICE_DIRS):
            raise VoiceError(
                f"English narration needs Festival's voice {FESTIVAL_VOICE}: the Debian package "
                "festvox-us-slt-hts is missing (scripts/setup.sh installs it; or --set voice=off)"
            )

    def synthesize(self, text: str, wav: Path) -> None:
        with tempfile.NamedTemporaryFile("w", suffix=".txt", encoding="utf-8") as source:
            source.write(self.prepare(text))
            source.flush()
            result = subprocess.run(
                ["text2wave", "-eval", f"(voice_{self.voice})", source.name, "-o", str(wav)],
                capture_output=True, text=True, errors="replace",
            )
        if result.returncode != 0:
            raise VoiceError(f"text2wave failed: {result.stderr.strip().splitlines()[-1:] or result.returncode}")

    def phonemes(self, text: str) -> str:
        """The words Festival reads (numbers spelled out) and their phones."""
        items = "(mapcar (lambda (s) (format t \"%s \" (item.name s))) (utt.relation.items u '{}))"
        result = subprocess.run(
            ["festival", "--batch", f"(voice_{self.voice})",
             f"(set! u (SynthText {json.dumps(self.prepare(text))}))",
             items.format("Word"), '(format t "| ")', items.format("Segment")],
            capture_output=True, text=True, errors="replace",
        )
        return result.stdout.strip()


class OpenJTalk(Engine):
    def check(self) -> None:
        for module, package in (("pyopenjtalk", "pyopenjtalk-plus"), ("onnxruntime", "onnxruntime")):
            if importlib.util.find_spec(module) is None:
                raise VoiceError(
                    f"Japanese narration needs the Python package {package} in the project's "
                    "environment (scripts/setup.sh installs it from pyproject.toml; or --set voice=off)"
                )

    def prepare(self, text: str) -> str:
        # Open JTalk pauses at every ASCII space; the captions' spaces around numbers are for the eye.
        return text.replace(" ", "")

    def synthesize(self, text: str, wav: Path) -> None:
        import numpy as np
        import pyopenjtalk

        samples, rate = pyopenjtalk.tts(self.prepare(text))
        if len(samples) == 0:
            raise VoiceError("Open JTalk produced no sound")
        pcm = np.clip(np.asarray(samples), -32768, 32767).astype("<i2")
        with wave.open(str(wav), "wb") as out:
            out.setnchannels(1)
            out.setsampwidth(2)
            out.setframerate(int(rate))
            out.writeframes(pcm.tobytes())

    def phonemes(self, text: str) -> str:
        import pyopenjtalk

        return str(pyopenjtalk.g2p(self.prepare(text), kana=True))


ENGINES: dict[str, Engine] = {
    "en": Festival("festival", FESTIVAL_VOICE, "en", "festival festvox-us-slt-hts (Debian)"),
    "ja": OpenJTalk("open_jtalk", "mei_normal", "ja", "pyopenjtalk-plus[onnxruntime] (PyPI)"),
}


def engine(lang: str) -> Engine:
    try:
        return ENGINES[lang]
    except KeyError:
        raise VoiceError(f"no narration engine for language {lang!r}: use one of {', '.join(ENGINES)}") from None


@lru_cache(maxsize=None)
def engine_version(lang: str) -> str:
    """What a clip in `lang` is spoken with, engine and voice versions included (for stamps)."""
    voice = engine(lang)
    if isinstance(voice, Festival):
        result = subprocess.run(["dpkg-query", "-W", "-f=${Version}", "festival", "festvox-us-slt-hts"],
                                capture_output=True, text=True)
        versions = result.stdout.strip() or "unknown"
    else:
        try:
            versions = " ".join(importlib.metadata.version(p) for p in ("pyopenjtalk-plus", "onnxruntime"))
        except importlib.metadata.PackageNotFoundError:
            versions = "not installed"
    return f"{voice.name} {voice.voice} {versions}"


def cache_dir() -> Path:
    """Where spoken lines are kept: $LESSON_SPEECH_CACHE, else ~/.cache/loglesson/speech."""
    return user_cache(CACHE_VARIABLE, "speech")


def speech_key(text: str, lang: str) -> str:
    """What a spoken line depends on, as a short hash (its file name)."""
    voice = engine(lang)
    inputs = {"engine": voice.name, "voice": voice.voice, "lang": lang, "text": text,
              "loudness": LOUDNESS_LUFS, "peak": TRUE_PEAK_DB, "rate": SAMPLE_RATE, "trim": TRIM}
    return hashlib.sha256(json.dumps(inputs, sort_keys=True).encode()).hexdigest()[:24]


def wav_duration(path: Path) -> float:
    with wave.open(str(path), "rb") as f:
        return f.getnframes() / f.getframerate()


_LOUDNESS = re.compile(r"I:\s+(-?[\d.]+|-inf) LUFS.*?Peak:\s+(-?[\d.]+|-inf) dBFS", re.S)


def loudness(path: Path, dual_mono: bool = False) -> tuple[float, float]:
    """(integrated loudness in LUFS, true peak in dBTP) of an audio or video file, by ffmpeg's ebur128.

    With `dual_mono`, a mono track is measured as a player plays it, from both speakers (3 LU
    louder than on its own; a track of two or more channels is measured as it is)."""
    measure = "ebur128=peak=true:dualmono=true" if dual_mono else "ebur128=peak=true"
    result = subprocess.run(
        [*FFMPEG, "-i", str(path), "-map", "0:a:0", "-af", measure, "-f", "null", "-"],
        capture_output=True, text=True, errors="replace",
    )
    summary = result.stderr[result.stderr.rfind("Summary:"):]
    match = _LOUDNESS.search(summary)
    if result.returncode != 0 or match is None:
        raise VoiceError(f"could not measure the loudness of {path}: {result.stderr.strip()[-200:]}")
    return float(match.group(1)), float(match.group(2))


TRIM = ("silenceremove=start_periods=1:start_silence=0.02:start_threshold=-50dB,areverse,"
        "silenceremove=start_periods=1:start_silence=0.02:start_threshold=-50dB,areverse")


def _ffmpeg(*args: str) -> None:
    result = subprocess.run([*FFMPEG, "-v", "error", *args], capture_output=True, text=True, errors="replace")
    if result.returncode != 0:
        raise VoiceError(f"ffmpeg could not prepare speech: {result.stderr.strip()[-200:]}")


def normalise(raw: Path, dst: Path) -> None:
    """`raw` trimmed of leading and trailing silence, at the lesson's loudness, as 48 kHz mono PCM.

    Trimmed, a line's sound starts the moment its caption appears. A plain linear gain brings
    it to −16 LUFS unless that would push its true peak above −1.5 dBTP; equally loud lines make
    a clip of the same integrated loudness (the pauses between them are gated out).
    """
    trimmed = dst.with_name("trimmed.wav")
    _ffmpeg("-i", str(raw), "-af", TRIM, "-ar", str(SAMPLE_RATE), "-ac", "1", "-c:a", "pcm_s16le", str(trimmed))
    level, peak = loudness(trimmed)
    gain = min(LOUDNESS_LUFS - level, TRUE_PEAK_DB - peak)
    _ffmpeg("-i", str(trimmed), "-af", f"volume={gain:.2f}dB", "-c:a", "pcm_s16le", str(dst))


def speak(text: str, lang: str) -> Speech:
    """The line spoken in `lang`, from the cache or made now (and kept). Raises VoiceError."""
    if not text.strip():
        raise VoiceError("nothing to say: the line is empty")
    folder = cache_dir()
    path = folder / f"{speech_key(text, lang)}.wav"
    if path.exists():
        return Speech(path, wav_duration(path))
    voice = engine(lang)
    folder.mkdir(parents=True, exist_ok=True)
    # Made in a private folder and renamed into place: two renders speaking the same line at
    # once each write their own file, and the cache only ever holds complete ones.
    with tempfile.TemporaryDirectory(dir=folder, prefix=".speaking-") as work:
        raw, done = Path(work) / "raw.wav", Path(work) / "line.wav"
        voice.synthesize(text, raw)
        if not raw.exists() or raw.stat().st_size <= 44:
            raise VoiceError(f"{voice.name} produced no sound")
        normalise(raw, done)
        os.replace(done, path)
    return Speech(path, wav_duration(path))


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 2:
        print("usage: python -m loglesson.voice LANG TEXT   (prints the engine's input, phonemes, length)")
        return 2
    lang, text = args
    try:
        voice = engine(lang)
        voice.check()
        spoken = speak(text, lang)
    except VoiceError as err:
        print(f"loglesson: {err}", file=sys.stderr)
        return 1
    print(f"engine:   {voice.name} ({voice.voice})")
    print(f"given:    {voice.prepare(text)}")
    print(f"phonemes: {voice.phonemes(text)}")
    print(f"length:   {spoken.duration:.2f} s  ({spoken.path})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
