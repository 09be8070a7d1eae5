"""render.sh: the lesson's clips for articles, rendered in parallel and only when their inputs changed.

Checks every argument before anything is rendered (one line and exit 2 on a bad one), makes
the clips (loglesson.publish.pipeline), then each output folder's lesson.mp4 and index.html
(loglesson.publish.article), and prints a summary.
"""

import argparse
import errno
import os
import shutil
import signal
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from types import FrameType
from typing import NoReturn

from . import article
from .. import catalog, lesson, params, voice
from ..paths import ROOT
from . import locks, slides
from .pipeline import (
    QUALITY_FOLDERS, Clip, Outcome, Progress, Runner, StepFailed, complete_clips, incomplete_clips, inputs,
    make_clips, make_lesson, read_stamp, reason_to_render, remembered_time, remove_stale_staging,
)
from ..text import LANGUAGES, Words, table

PROG = "render.sh"
# What the pipeline runs, and where it comes from (scripts/setup.sh installs all of it).
TOOLS = {
    "ffmpeg": "ffmpeg", "ffprobe": "ffmpeg", "latex": "texlive-latex-base", "dvisvgm": "dvisvgm",
}


class UsageError(Exception):
    """A bad argument: its message is the one line the user sees."""


# --- the command line ----------------------------------------------------------------------

def _help_epilog() -> str:
    existing = set(catalog.available_scenes())
    words = Words("en")
    lines = ["scenes, in lesson order (the default is every one whose file exists):"]
    for scene in lesson.scene_names():
        title = " ".join(words[f"{scene}.title"].split()) if f"{scene}.title" in words else ""  # one line
        state = "" if scene in existing else f"   (no scenes/{scene}.py yet)"
        lines.append(f"  {scene:<15}{title}{state}")
    lines += ["", "parameters (--set NAME=VALUE, default shown):"]
    for scene in lesson.scene_names():
        lines.append(f"  {scene}")
        for p in lesson.specs(scene):
            lines.append(f"    {p.name}={p.default_text}".ljust(20) + f"{p.help} (e.g. --set {p.name}={p.example})")
    lines += [
        "",
        "--set NAME=VALUE goes to every chosen scene that has NAME; --set SCENE.NAME=VALUE to one.",
        "LESSON_* variables in your environment are not used: --set and --lang say it all.",
        "",
        "examples:",
        "  ./render.sh                              every clip, English, 480p15 -> out/en/480p15/",
        "  ./render.sh inverse tangent -q h         two clips at 1080p60 -> out/en/1080p60/",
        "  ./render.sh --lang all --set base=3      both languages, base 3 wherever a scene has one",
        "  ./render.sh --set inverse.point=0.5      one scene's parameter",
    ]
    return "\n".join(lines)


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        raise UsageError(message)


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog=PROG,
        description=(
            "Render the lesson's clips for articles into OUT/<lang>/<quality>/:\n"
            "  per clip    NAME.mp4 (H.264, faststart), NAME.webm (AV1 + Opus), NAME.gif, NAME.png (poster),\n"
            "              NAME.vtt (captions)\n"
            "  per folder  lesson.mp4 (every clip, a chapter each) and index.html (the embed snippets)\n"
            "A clip whose inputs did not change since its last render is skipped."
        ),
        epilog=_help_epilog(),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("scenes", nargs="*", metavar="SCENE", help="scenes to render (default: all)")
    parser.add_argument("-q", "--quality", default="l", metavar="{l,m,h,k}",
                        help="l 480p15 (default), m 720p30, h 1080p60, k 2160p60")
    parser.add_argument("--lang", default="en", metavar="{en,ja,all}", help="language (default en)")
    parser.add_argument("--set", action="append", default=[], metavar="[SCENE.]NAME=VALUE",
                        dest="settings", help="a scene parameter; repeat for more")
    parser.add_argument("-j", "--jobs", type=int, default=os.cpu_count() or 1, metavar="N",
                        help=f"clips rendered at once (default: the number of cores, {os.cpu_count()})")
    parser.add_argument("--out", default=str(ROOT / "out"), metavar="DIR",
                        help="output root (default: out/ in the project)")
    parser.add_argument("--force", action="store_true", help="render every clip with Manim, even those up to date")
    return parser


def choose_scenes(names: list[str]) -> list[str]:
    existing = catalog.available_scenes()
    if not names:
        if not existing:
            raise UsageError("no scene files yet: add scenes/<name>.py for one of "
                             + ", ".join(lesson.scene_names()))
        return list(existing)
    for name in names:
        if name not in lesson.scene_names():
            raise UsageError(f"unknown scene {name!r}: choose from {', '.join(existing) or 'none yet'}")
        if name not in existing:
            raise UsageError(f"scene {name!r} has no file yet ({catalog.scene_file(name).relative_to(ROOT)}): "
                             f"choose from {', '.join(existing) or 'none yet'}")
    return [scene for scene in lesson.scene_names() if scene in names]  # lesson order, once each


def choose_languages(lang: str) -> list[str]:
    if lang == "all":
        return list(LANGUAGES)
    if lang not in LANGUAGES:
        raise UsageError(f"unknown language {lang!r}: choose from {', '.join(LANGUAGES)}, all")
    return [lang]


def check_quality(quality: str) -> None:
    if quality not in QUALITY_FOLDERS:
        choices = ", ".join(f"{q} ({folder})" for q, folder in QUALITY_FOLDERS.items())
        raise UsageError(f"unknown quality {quality!r}: choose -q from {choices}")


def scene_settings(items: list[str], scenes: list[str]) -> dict[str, dict[str, str]]:
    """--set items as {scene: {name: text}}, each checked by the scene's own parameter rules."""
    raw: dict[str, dict[str, str]] = {scene: {} for scene in scenes}
    names = {scene: [p.name for p in lesson.specs(scene)] for scene in scenes}
    for item in items:
        key, sep, value = item.partition("=")
        if not sep or not key or not value:
            raise UsageError(f"--set needs NAME=VALUE or SCENE.NAME=VALUE, got {item!r}")
        scene, _, name = key.rpartition(".")
        if scene:
            if scene not in scenes:
                raise UsageError(f"--set {item}: scene {scene!r} is not being rendered: "
                                 f"choose from {', '.join(scenes)}")
            if name not in names[scene]:
                raise UsageError(f"--set {item}: scene {scene!r} has no parameter {name!r}: "
                                 f"choose from {', '.join(names[scene])}")
            targets = [scene]
        else:
            targets = [s for s in scenes if name in names[s]]
            if not targets:
                every = sorted({n for s in scenes for n in names[s]})
                raise UsageError(f"unknown parameter {name!r} for {', '.join(scenes)}: "
                                 f"choose from {', '.join(every)} (./render.sh --help lists them)")
        for target in targets:
            raw[target][name] = value
    for scene in scenes:
        try:
            params.parse(scene, raw[scene])
        except params.ParameterError as err:
            message = str(err)
            for p in lesson.specs(scene):  # say it the way the user wrote it: --set, not LESSON_
                message = message.replace(f"{p.variable}=", f"--set {p.name}=")
            raise UsageError(f"{scene}: {message}") from None
    return raw


def check_out(raw: str) -> Path:
    """The output root, made if missing and known to be writable; a UsageError says why not."""
    if not raw.strip():
        raise UsageError("--out is empty: give a folder, e.g. --out out")
    out = Path(raw).expanduser().resolve()
    try:
        if out.exists() and not out.is_dir():
            raise UsageError(f"--out {raw}: is a file, not a folder: give a folder")
        for parent in out.parents:
            if parent.exists():
                if not parent.is_dir():
                    raise UsageError(f"--out {raw}: {parent} is a file, not a folder: give a folder")
                break
        out.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryFile(dir=out):
            pass
    except OSError as err:
        raise UsageError(f"--out {raw}: cannot write there ({err.strerror or err}): "
                         "give a folder you can write to") from None
    return out


def check_voices(languages: list[str], scenes: list[str], settings: dict[str, dict[str, str]]) -> None:
    """Every narrated language's engine and voice are there (one line naming the package if not)."""
    if all(params.parse(scene, settings[scene])["voice"] == "off" for scene in scenes):
        return
    for lang in languages:
        try:
            voice.engine(lang).check()
        except voice.VoiceError as err:
            raise UsageError(str(err)) from None


def check_tools() -> None:
    for tool, package in TOOLS.items():
        if shutil.which(tool) is None:
            raise UsageError(f"{tool} not found on PATH: install it with "
                             f"'sudo apt-get install {package}' (or run scripts/setup.sh)")


def titles(lang: str, scenes: list[str]) -> tuple[dict[str, str], str, list[str]]:
    """Each clip's chapter title, the lesson's title, and notes on what had to fall back."""
    words = Words(lang)
    found, notes = {}, []
    for scene in scenes:
        title = lesson.title(scene, lang)
        found[scene] = title or scene
        if title is None:
            notes.append(f"note: assets/text/{lang}/{scene}.toml has no 'title': "
                         f"its chapter and page heading say {scene!r}")
    heading = words["common.lesson_title"] if "common.lesson_title" in words else "loglesson"
    return found, heading, notes


# --- reporting ----------------------------------------------------------------------------

def _size(n: int) -> str:
    return f"{n / 1e6:.1f} MB" if n >= 1e6 else f"{max(1, round(n / 1e3))} kB"


_print_lock = threading.Lock()


def say(progress: Progress, message: str) -> None:
    """One progress line; clips report from parallel threads, so each line is written whole."""
    with _print_lock:
        sys.stdout.write(f"[{progress.number}/{progress.total}] {progress.clip.label}: {message}\n")
        sys.stdout.flush()


def describe(outcome: Outcome) -> str:
    if outcome.status == "made" and outcome.stamp is not None:
        sizes = ", ".join(f"{name.rsplit('.', 1)[1]} {_size(size)}"
                          for name, size in outcome.stamp["outputs"].items()
                          if not name.endswith(".vtt") and "/" not in name)
        if outcome.stamp.get("beats"):
            sizes += f"; {outcome.stamp['beats']} beats"
        spent = outcome.stamp.get("seconds", {})
        steps = ", ".join(f"{name} {seconds:.1f}" for name, seconds in spent.items() if name != "all")
        return (f"done in {outcome.seconds:.1f} s ({steps}) "
                f"({outcome.stamp['duration']:.1f} s of video; {sizes})")
    if outcome.status == "failed":
        return f"FAILED after {outcome.seconds:.1f} s: {outcome.error}"
    return outcome.status


def folder_summary(folder: Path, lesson_status: str, statuses: dict[str, str]) -> list[str]:
    clips = complete_clips(folder)
    shown = folder.relative_to(Path.cwd()) if folder.is_relative_to(Path.cwd()) else folder
    lines = [f"{shown}/  (open index.html)"]
    kinds = ("mp4", "webm", "gif", "png")
    lines.append("  " + "clip".ljust(16) + "length".rjust(8) + "".join(k.rjust(9) for k in kinds))
    total = 0
    for scene, stamp in clips:
        sizes = stamp["outputs"]
        total += sum(sizes.values())
        row = "  " + scene.ljust(16) + f"{stamp['duration']:.1f} s".rjust(8)
        row += "".join(_size(sizes.get(f"{scene}.{k}", 0)).rjust(9) for k in kinds)
        lines.append(row + "   " + statuses.get(scene, "kept"))
    lesson = folder / "lesson.mp4"
    if lesson.exists():
        total += lesson.stat().st_size
        length = sum(stamp["duration"] for _, stamp in clips)
        lines.append("  " + "lesson.mp4".ljust(16) + f"{length:.1f} s".rjust(8)
                     + _size(lesson.stat().st_size).rjust(9) + f"   {lesson_status}, {len(clips)} chapters")
    lines.append(f"  {len(clips)} clips, {_size(total)} in all")
    for scene, problem in incomplete_clips(folder):
        lines.append(f"  {scene}: left out of lesson.mp4 and the page: {problem} "
                     f"(./render.sh {scene} makes it again)")
    return lines


def time_spent(outcomes: list[Outcome]) -> str:
    """Where the made clips' time went: Manim's renders and each encoding step, summed over clips.

    Clips are made in parallel, so these sums of wall seconds can add up to more than the run.
    """
    totals: dict[str, float] = {}
    for outcome in outcomes:
        if outcome.status == "made" and outcome.stamp is not None:
            for name, seconds in outcome.stamp.get("seconds", {}).items():
                totals[name] = totals.get(name, 0.0) + seconds
    if not totals:
        return ""
    render = totals.pop("render", 0.0)
    totals.pop("all", None)
    encodes = sum(totals.values())
    detail = ", ".join(f"{name} {seconds:.1f}" for name, seconds in sorted(totals.items(), key=lambda kv: -kv[1]))
    return (f"time spent, summed over the clips made (in parallel): Manim {render:.1f} s, "
            f"encodes {encodes:.1f} s ({detail})")


# --- the run ------------------------------------------------------------------------------

_INTERRUPT_CODES = {signal.SIGINT: 130, signal.SIGTERM: 143, signal.SIGHUP: 129}
_received = [signal.SIGINT]


def _terminate(signum: int, frame: FrameType | None) -> None:
    _received[0] = signal.Signals(signum)
    raise KeyboardInterrupt  # SIGTERM and SIGHUP end the run like Ctrl-C: children stopped, staging removed


def plan_clips(args: argparse.Namespace, scenes: list[str], languages: list[str],
               settings: dict[str, dict[str, str]]) -> tuple[list[Clip], dict[str, str]]:
    """Every (scene, language) clip asked for, and each language's lesson title."""
    out = Path(args.out).resolve()
    clips, lesson_titles = [], {}
    for lang in languages:
        clip_titles, lesson_titles[lang], notes = titles(lang, scenes)
        for note in notes:
            print(note)
        for scene in scenes:
            values = params.parse(scene, settings[scene])
            clips.append(Clip(scene, lang, args.quality, tuple(sorted(values.items())),
                              tuple(sorted(settings[scene].items())), clip_titles[scene], out))
    return clips, lesson_titles


def stale_clips(clips: list[Clip], force: bool) -> list[Clip]:
    """The clips to render: those whose stamp is missing or does not match their inputs."""
    stale = []
    for clip in clips:
        reason = "--force" if force else reason_to_render(read_stamp(clip.stamp_path), inputs(clip), clip.folder)
        print(f"{clip.label}: " + ("up to date" if reason is None else f"to render ({reason})"))
        if reason is not None:
            stale.append(clip)
    return stale


def longest_first(clips: list[Clip]) -> list[Clip]:
    """The clips in the order that ends a parallel run soonest: the longest first, so that the last
    clip to start is a short one and no core waits long for it.

    A clip's length is the time it took the last time this machine made it (with the same
    parameters, language and quality: pipeline.remembered_time), else the time its stamp in this
    folder says. A clip never made is expected to take as long, per word its narration says, as
    the clips that were (the voice paces a clip); with no time known at all, its words alone
    order it. (Words misjudge a clip that draws more than it says: inverse says less than
    exponent but took 31.7 s to its 26.0 s at 480p15. Started last, it kept a core waiting: a
    run into a fresh folder took 108.6 s in words' order, 98.4 s in the remembered one.)
    """
    def last_time(clip: Clip) -> float:
        remembered = remembered_time(clip)
        if remembered is not None:
            return remembered
        stamp = read_stamp(clip.stamp_path) or {}
        spent = stamp.get("seconds")
        return float(spent.get("all", 0.0)) if isinstance(spent, dict) else float(stamp.get("duration", 0.0))

    spent = {clip: last_time(clip) for clip in clips}
    shares = {lang: spoken_shares(lang) for lang in {clip.lang for clip in clips}}
    words = {clip: shares[clip.lang].get(clip.scene, 0.0) for clip in clips}
    rates = sorted(spent[clip] / words[clip] for clip in clips if spent[clip] and words[clip])
    rate = rates[len(rates) // 2] if rates else 1.0
    return sorted(clips, key=lambda clip: spent[clip] or words[clip] * rate, reverse=True)


def spoken_shares(lang: str) -> dict[str, float]:
    """{scene: the share of the lesson's narration in `lang` it says}, by characters of what is
    spoken: each beat's lines as said ([say]), or as shown where they are said as written."""
    words = table(lang)
    said = {name: sum(len(line) for key, lines in words.items()
                      if key.startswith(f"{name}.beat.") and isinstance(lines, tuple)
                      for line in words.get(key.replace(".beat.", ".say.", 1), lines))
            for name in catalog.available_scenes()}
    return {name: count / max(1, sum(said.values())) for name, count in said.items()}


def finish_folder(folder: Path, lang: str, lesson_title: str, runner: Runner) -> str:
    """lesson.mp4 and index.html of one output folder (while no other run changes it); the lesson's status."""
    with locks.held(locks.folder_lock(folder)):
        # lesson.mp4 (ffmpeg) is joined while the handout is drawn (Python): 1.6 and 2.4 s at 480p15.
        clips = complete_clips(folder)
        with ThreadPoolExecutor(1) as pool:
            joined = pool.submit(make_lesson, folder, lesson_title, clips, runner)
            has_slides = slides.make_slides(folder, lang, lesson_title, clips, article.page_words(lang)["start"])
            status = joined.result()
        article.write_page(folder, article.render_page(folder, lang, folder.name, lesson_title, clips, has_slides))
    return status


def _write_error(err: OSError, where: Path) -> str:
    if err.errno == errno.ENOSPC:
        return f"no space left on the device of {where}: free some space there and run it again"
    return f"{err.strerror or err} ({err.filename or where})"


def main(argv: list[str] | None = None) -> int:
    started = time.monotonic()
    try:
        args = build_parser().parse_args(argv)
        scenes = choose_scenes(args.scenes)
        languages = choose_languages(args.lang)
        check_quality(args.quality)
        settings = scene_settings(args.settings, scenes)
        if args.jobs < 1:
            raise UsageError(f"--jobs must be 1 or more, got {args.jobs}")
        check_tools()
        check_voices(languages, scenes, settings)
        args.out = str(check_out(args.out))
    except UsageError as err:
        print(f"{PROG}: {err}", file=sys.stderr)
        return 2

    clips, lesson_titles = plan_clips(args, scenes, languages, settings)
    folders = {clip.folder: clip.lang for clip in clips}
    try:
        for folder in folders:
            folder.mkdir(parents=True, exist_ok=True)
            remove_stale_staging(folder)
    except OSError as err:
        print(f"{PROG}: cannot write to {err.filename or args.out}: {err.strerror or err}", file=sys.stderr)
        return 1
    to_make = longest_first(stale_clips(clips, args.force))

    for sig in (signal.SIGTERM, signal.SIGHUP):  # SIGHUP: the terminal was closed
        if signal.getsignal(sig) is not signal.SIG_IGN:   # `nohup ./render.sh` runs on when it closes
            signal.signal(sig, _terminate)
    runner = Runner()
    finish_error = None
    try:
        outcomes = make_clips(to_make, args.jobs, say, describe, runner, force=args.force) if to_make else []
        lessons = {}
        for folder, lang in folders.items():
            try:
                lessons[folder] = finish_folder(folder, lang, lesson_titles[lang], runner)
            except OSError as err:
                lessons[folder] = "not written"
                finish_error = _write_error(err, Path(args.out))
    except KeyboardInterrupt:
        runner.stop()  # make_clips has done so already; this ends a lesson.mp4 join cut short
        print(f"{PROG}: interrupted: complete clips were kept, unfinished ones discarded; "
              "run it again to go on", file=sys.stderr)
        return _INTERRUPT_CODES[_received[0]]
    except StepFailed as err:
        print(f"{PROG}: lesson.mp4 failed: {err}", file=sys.stderr)
        return 1

    statuses: dict[Path, dict[str, str]] = {folder: {} for folder in folders}
    for clip in clips:
        statuses[clip.folder][clip.scene] = "up to date"
    for outcome in outcomes:
        statuses[outcome.clip.folder][outcome.clip.scene] = outcome.status
    print()
    for folder in folders:
        print("\n".join(folder_summary(folder, lessons[folder], statuses[folder])))
    spent = time_spent(outcomes)
    if spent:
        print(spent)
    made = sum(o.status == "made" for o in outcomes)
    failed = [o for o in outcomes if o.status == "failed"]
    print(f"made {made} clip{'s' * (made != 1)}, {len(clips) - len(to_make)} up to date, "
          f"{len(failed)} failed, in {time.monotonic() - started:.1f} s")
    for outcome in failed:
        print(f"{PROG}: {outcome.clip.label} failed: {outcome.error}", file=sys.stderr)
    if finish_error is not None and not any(o.error == finish_error for o in failed):
        print(f"{PROG}: could not write lesson.mp4 or index.html: {finish_error}", file=sys.stderr)
    return 1 if failed or finish_error is not None else 0


if __name__ == "__main__":
    sys.exit(main())
