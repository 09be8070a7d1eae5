"""Speed benchmark: Manim's renders alone, the whole of ./render.sh, and the ffmpeg floor.

For each quality, after one warm-up `render.sh` run (it fills the LaTeX, text and speech
caches, not counted), each run measures, one after the other on the same machine:

- **Manim alone, one by one**: each clip rendered by `manim render` in a fresh process, as
  render.sh renders it (animation cache off): wall seconds, peak memory, frames, video seconds.
- **Manim alone, in parallel**: the same renders, as many at a time as render.sh runs (--jobs).
- **render.sh --force**: every clip and every web file, end to end, into the warm-up's output
  folder (a fresh one of the benchmark's); its stamps give each clip's Manim render and each
  encoding step's wall seconds, and each file's size. Every other run times it first, before
  Manim alone, so that a machine speeding up or slowing down favours neither side.
- **the floor** (first run only, `--floor-runs`): ffmpeg alone encoding the clip's frames
  (decoded beforehand into memory, raw RGBA as Manim hands them to its encoder) with
  Manim's settings (libx264, crf 23, yuv420p).

Then, once, the picture quality of the web files against Manim's render they are made from
(ffmpeg's ssim and psnr filters), and with --vp9 the same for the WebM settings used before
(VP9 crf 33), for comparison. Every time figure is the median over --runs runs; the ratio of
render.sh to Manim one by one is also given run by run, each from one run's two timings, with
their median. Usage:

    .venv/bin/python bench/benchmark.py [--quality l h] [--runs 3] [--scenes inverse ...] [--vp9]
"""

from __future__ import annotations

import argparse
import json
import math
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from fractions import Fraction
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scenes"))

from loglesson.catalog import available_scenes, scene_file  # noqa: E402
from loglesson.publish import beats  # noqa: E402
from loglesson.publish.pipeline import QUALITY_FOLDERS  # noqa: E402

CHUNK_BYTES = 2 << 30          # raw frames held in memory (/dev/shm) at a time for the encode floor
BLOCK_BYTES = 16 << 20
VP9_BEFORE = ("-c:v", "libvpx-vp9", "-crf", "33", "-b:v", "0", "-row-mt", "1", "-pix_fmt", "yuv420p")
LANG = "en"


def timed(command, **kwargs) -> tuple[float, float, float]:
    """Wall seconds, peak resident memory (MiB) of the child process tree's largest process,
    and CPU seconds of the whole tree (user and system, each process counted once it ended)."""
    start = time.perf_counter()
    process = subprocess.Popen(command, **kwargs)
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"benchmark: {' '.join(map(str, command))} failed")
    return wall, usage.ru_maxrss / 1024, usage.ru_utime + usage.ru_stime


def probe(video: Path) -> tuple[int, float, int, int, str]:
    """(frames, seconds, width, height, frame rate) of a video. Frames are counted by time, up
    to the last one stored (beats.key_frames): Manim's MP4 stores a held picture at its first
    and last frame."""
    out = subprocess.run(
        ["ffprobe", "-v", "error", "-select_streams", "v:0",
         "-show_entries", "stream=width,height,r_frame_rate:format=duration", "-of", "json", str(video)],
        capture_output=True, text=True, check=True,
    )
    info = json.loads(out.stdout)
    stream = info["streams"][0]
    frames, _ = beats.key_frames(video, float(Fraction(stream["r_frame_rate"])))
    return (frames, float(info["format"]["duration"]), stream["width"], stream["height"], stream["r_frame_rate"])


# --- Manim alone ----------------------------------------------------------------------------

def manim_render(name: str, quality: str, media: Path) -> dict:
    command = [sys.executable, "-m", "manim", "render", f"-q{quality}", "--disable_caching",
               "--progress_bar", "none", "-v", "WARNING", "--media_dir", str(media),
               "-o", name, str(scene_file(name))]
    env = {**os.environ, "LESSON_LANG": LANG}
    wall, peak, cpu = timed(command, cwd=ROOT, stdout=subprocess.DEVNULL, env=env)
    (video,) = media.rglob(f"videos/**/{QUALITY_FOLDERS[quality]}/{name}.mp4")
    frames, seconds, width, height, rate = probe(video)
    return {"video": video, "frames": frames, "seconds": seconds, "wall": wall, "cpu": cpu, "peak_mib": peak,
            "size": f"{width}x{height}", "rate": rate}


def manim_in_parallel(scenes: list[str], quality: str, jobs: int, media: Path) -> float:
    """Wall seconds for Manim to render every clip, `jobs` at a time, in the order given.

    They share the media folder: its caches are warm, and each clip writes its own files.
    """
    start = time.perf_counter()
    with ThreadPoolExecutor(jobs) as pool:
        list(pool.map(lambda name: manim_render(name, quality, media), scenes))
    return time.perf_counter() - start


def encode_floor(video: Path, size: str, rate: str) -> float:
    """Seconds ffmpeg alone takes to encode the clip's frames from raw RGBA, as Manim's encoder gets them.

    The frames are decoded first, untimed, into memory (/dev/shm) a chunk at a time; only the
    encoding of each chunk is timed. The encoder restarts every CHUNK_BYTES of frames, as
    Manim's restarts for every animation.
    """
    width, height = map(int, size.split("x"))
    frame_bytes = width * height * 4
    chunk_frames = max(1, CHUNK_BYTES // frame_bytes)
    scratch_root = "/dev/shm" if Path("/dev/shm").is_dir() else None
    decode = subprocess.Popen(     # every frame, a held picture's too (the MP4 stores it twice)
        ["ffmpeg", "-v", "error", "-i", str(video), "-vf", f"fps={rate}", "-f", "rawvideo", "-pix_fmt", "rgba", "-"],
        stdout=subprocess.PIPE,
    )
    total = 0.0
    with tempfile.TemporaryDirectory(dir=scratch_root) as scratch:
        frames = Path(scratch) / "frames.rgba"
        while copy_out(decode.stdout, frames, chunk_frames * frame_bytes):
            wall, _, _ = timed(
                ["ffmpeg", "-v", "error", "-y", "-f", "rawvideo", "-pix_fmt", "rgba", "-s", size,
                 "-r", rate, "-i", str(frames), "-c:v", "libx264", "-crf", "23", "-pix_fmt", "yuv420p",
                 str(Path(scratch) / "floor.mp4")],
            )
            total += wall
    decode.stdout.close()
    if decode.wait() != 0:
        raise SystemExit(f"benchmark: could not decode {video}")
    return total


def copy_out(stream, path: Path, limit: int) -> int:
    """Copy up to `limit` bytes from `stream` into the file `path` a block at a time (the
    benchmark's own memory stays small: a child's peak memory counts its parent's at the fork)."""
    written = 0
    with path.open("wb") as out:
        while written < limit and (block := stream.read(min(BLOCK_BYTES, limit - written))):
            out.write(block)
            written += len(block)
    return written


# --- render.sh end to end -----------------------------------------------------------------------

def render_sh(scenes: list[str], quality: str, jobs: int, out: Path) -> tuple[float, float, dict]:
    """Wall and CPU seconds of `render.sh --force` for the clips, and each clip's stamp."""
    command = [str(ROOT / "render.sh"), *scenes, "--force", "--lang", LANG, "--quality", quality,
               "--jobs", str(jobs), "--out", str(out)]
    wall, _, cpu = timed(command, cwd=ROOT, stdout=subprocess.DEVNULL)
    folder = out / LANG / QUALITY_FOLDERS[quality]
    stamps = {name: json.loads((folder / f".{name}.stamp.json").read_text()) for name in scenes}
    return wall, cpu, stamps


def outputs_by_kind(stamp: dict, name: str) -> dict[str, int]:
    """Bytes of each kind of web file of a clip: the clip's own files, and its beats' files summed."""
    sizes: dict[str, int] = {}
    for file, size in stamp["outputs"].items():
        kind = file.rsplit(".", 1)[1]
        key = f"beat {kind}" if file.startswith("beats/") else kind
        if file == f"{name}.chapters.vtt":
            key = "chapters"
        sizes[key] = sizes.get(key, 0) + size
    return sizes


# --- picture quality ----------------------------------------------------------------------------

def compare(encoded: Path, source: Path) -> dict[str, float]:
    """SSIM (All) and PSNR (average, dB) of `encoded` against `source`, frame by frame: each
    frame time of the source against what `encoded` shows then (the WebM stores a held picture
    a few times a second, Manim's MP4 at its first and last frame, and a video shows each frame
    until the next one's time)."""
    rate = probe(source)[4]
    result = subprocess.run(
        ["ffmpeg", "-nostdin", "-i", str(encoded), "-i", str(source), "-lavfi",
         f"[0:v]fps={rate},setpts=PTS-STARTPTS,split[a][c];[1:v]fps={rate},setpts=PTS-STARTPTS,split[b][d];"
         "[a][b]ssim;[c][d]psnr",
         "-f", "null", "-"], capture_output=True, text=True,
    )
    ssim = psnr = float("nan")
    for line in result.stderr.splitlines():
        if "SSIM" in line and "All:" in line:
            ssim = float(line.split("All:")[1].split()[0])
        if "PSNR" in line and "average:" in line:
            psnr = float(line.split("average:")[1].split()[0])
    return {"ssim": ssim, "psnr": psnr}


def vp9_before(source: Path, scratch: Path) -> dict:
    """The WebM as it was made before AV1 (VP9 crf 33, picture only): seconds, bytes, quality."""
    target = scratch / f"{source.stem}.vp9.webm"
    wall, _, _ = timed(["ffmpeg", "-nostdin", "-v", "error", "-y", "-i", str(source), "-map", "0:v",
                     *VP9_BEFORE, str(target)])
    return {"wall": wall, "bytes": target.stat().st_size, **compare(target, source)}


def video_bytes(path: Path) -> int:
    """Bytes of a file's picture stream alone."""
    result = subprocess.run(["ffprobe", "-v", "error", "-select_streams", "v:0", "-show_entries", "packet=size",
                             "-of", "csv=p=0", str(path)], capture_output=True, text=True, check=True)
    return sum(int(line) for line in result.stdout.split() if line.strip().isdigit())


# --- the run --------------------------------------------------------------------------------------

def measure(quality: str, scenes: list[str], runs: int, floor_runs: int, jobs: int, vp9: bool) -> dict:
    folder = QUALITY_FOLDERS[quality]
    with tempfile.TemporaryDirectory(prefix="loglesson-bench-") as scratch_dir:
        scratch = Path(scratch_dir)
        media = scratch / "media"
        out = scratch / "out"
        print(f"[{folder}] warm-up render.sh (not counted)…", file=sys.stderr)
        render_sh(scenes, quality, jobs, out)
        for name in scenes:   # the warm caches of typeset formulas and text, for Manim alone too
            kept = out / ".work" / LANG / folder / name / "media"
            for cache in ("Tex", "texts"):
                if (kept / cache).is_dir():
                    shutil.copytree(kept / cache, media / cache, dirs_exist_ok=True)
        alone: dict[str, list[dict]] = {name: [] for name in scenes}
        parallel, end_to_end, end_to_end_cpu, stamps = [], [], [], []
        one_by_one = []

        def end_to_end_run() -> None:
            wall, cpu, run_stamps = render_sh(scenes, quality, jobs, out)
            end_to_end.append(wall)
            end_to_end_cpu.append(cpu)
            stamps.append(run_stamps)

        for run in range(runs):
            # Every other run times render.sh first: a machine that speeds up or slows down over
            # a run then favours neither side of the ratio over the runs.
            if run % 2:
                end_to_end_run()
            for name in scenes:
                result = manim_render(name, quality, media)
                if run < floor_runs:
                    result["floor"] = encode_floor(result["video"], result["size"], result["rate"])
                alone[name].append(result)
            longest_first = sorted(scenes, key=lambda name: -alone[name][-1]["wall"])
            parallel.append(manim_in_parallel(longest_first, quality, jobs, media))
            if not run % 2:
                end_to_end_run()
            one_by_one.append(sum(alone[name][-1]["wall"] for name in scenes))
            print(f"[{folder} run {run + 1}/{runs}] Manim one by one {one_by_one[-1]:.1f} s, in parallel "
                  f"{parallel[-1]:.1f} s, render.sh --force {end_to_end[-1]:.1f} s: "
                  f"{end_to_end[-1] / one_by_one[-1]:.2f}x", file=sys.stderr)
        quality_rows = {}
        clip_folder = out / LANG / folder
        for name in scenes:
            source = out / ".work" / LANG / folder / name / "render" / f"{name}.mp4"
            row = {"webm": {"bytes": video_bytes(clip_folder / f"{name}.webm"),
                            **compare(clip_folder / f"{name}.webm", source)},
                   "mp4": {"bytes": video_bytes(clip_folder / f"{name}.mp4"),
                           **compare(clip_folder / f"{name}.mp4", source)}}
            if vp9:
                row["vp9 before"] = vp9_before(source, scratch)
            quality_rows[name] = row

    clips = {}
    for name in scenes:
        rs = alone[name]
        steps = {step for s in stamps for step in s[name]["seconds"]}
        clips[name] = {
            "frames": rs[0]["frames"], "seconds": rs[0]["seconds"],
            "manim": statistics.median(r["wall"] for r in rs),
            "manim cpu": statistics.median(r["cpu"] for r in rs),
            "peak_mib": statistics.median(r["peak_mib"] for r in rs),
            "floor": statistics.median([r["floor"] for r in rs if "floor" in r] or [math.nan]),
            "steps": {step: statistics.median(s[name]["seconds"].get(step, 0.0) for s in stamps) for step in steps},
            "bytes": outputs_by_kind(stamps[-1][name], name),
            "quality": quality_rows[name],
        }
    return {"clips": clips, "manim parallel": statistics.median(parallel),
            "render.sh": statistics.median(end_to_end), "render.sh cpu": statistics.median(end_to_end_cpu),
            "runs": runs, "jobs": jobs,
            "all runs": {"manim one by one": one_by_one, "manim parallel": parallel, "render.sh": end_to_end,
                         "render.sh cpu": end_to_end_cpu,
                         "render.sh / manim one by one": [e / m for e, m in zip(end_to_end, one_by_one)]}}


def report(results: dict) -> None:
    for folder, result in results.items():
        clips = result["clips"]
        found = {step for c in clips.values() for step in c["steps"]} - {"all"}
        step_order = [s for s in ("render", "mp4", "poster", "gif", "webm") if s in found]
        step_order += sorted(found - {*step_order, "beats"}) + ["beats"] * ("beats" in found)
        print(f"\n### {folder}: medians over {result['runs']} runs, {os.cpu_count()} cores, "
              f"render.sh --jobs {result['jobs']}\n")
        print("| clip | frames | video s | Manim s | Manim CPU s | video s / wall s | peak MiB | floor s | Manim / floor |")
        print("|---|---:|---:|---:|---:|---:|---:|---:|---:|")
        total = {k: sum(c[k] for c in clips.values()) for k in ("frames", "seconds", "manim", "manim cpu", "floor")}
        total["peak_mib"] = max(c["peak_mib"] for c in clips.values())
        for name, c in [*clips.items(), ("**total**", total)]:
            print(f"| {name} | {c['frames']} | {c['seconds']:.1f} | {c['manim']:.1f} | {c['manim cpu']:.1f} "
                  f"| {c['seconds'] / c['manim']:.2f} | {c['peak_mib']:.0f} | {c['floor']:.1f} | {c['manim'] / c['floor']:.2f} |")
        print("\nrender.sh, each clip's steps (wall s, steps of different clips overlap):\n")
        print("| clip | " + " | ".join(step_order) + " | all |")
        print("|---|" + "---:|" * (len(step_order) + 1))
        for name, c in clips.items():
            cells = [f"{c['steps'].get(step, 0.0):.1f}" for step in step_order]
            print(f"| {name} | " + " | ".join(cells) + f" | {c['steps'].get('all', 0.0):.1f} |")
        kinds = ["mp4", "webm", "gif", "png", "beat mp4", "beat webm", "beat png"]
        print("\nbytes of each kind of file (beats: all of a clip's beats):\n")
        print("| clip | " + " | ".join(kinds) + " |")
        print("|---|" + "---:|" * len(kinds))
        for name, c in clips.items():
            print(f"| {name} | " + " | ".join(f"{c['bytes'].get(k, 0) / 1e3:.0f} kB" for k in kinds) + " |")
        print("\npicture against Manim's render (picture stream only):\n")
        print("| clip | file | kB | SSIM | PSNR dB | encode s |")
        print("|---|---|---:|---:|---:|---:|")
        for name, c in clips.items():
            for kind, q in c["quality"].items():
                made_by = [v for step, v in c["steps"].items() if step.split("+")[0] == kind.split()[0]]
                seconds = q.get("wall", made_by[0] if made_by else float("nan"))   # webm: with the gif, poster
                print(f"| {name} | {kind} | {q['bytes'] / 1e3:.0f} | {q['ssim']:.5f} | {q['psnr']:.2f} | {seconds:.1f} |")
        serial = total["manim"]
        print(f"\nrender.sh --force end to end: {result['render.sh']:.1f} s; Manim alone: {serial:.1f} s one by one, "
              f"{result['manim parallel']:.1f} s {result['jobs']} at a time. render.sh / Manim one by one: "
              f"{result['render.sh'] / serial:.2f}; render.sh / Manim in parallel: "
              f"{result['render.sh'] / result['manim parallel']:.2f}. CPU: render.sh {result['render.sh cpu']:.1f} s, "
              f"Manim alone {total['manim cpu']:.1f} s. "
              f"All runs: render.sh {[round(x, 1) for x in result['all runs']['render.sh']]}, "
              f"Manim in parallel {[round(x, 1) for x in result['all runs']['manim parallel']]}.")
        # The ratio within each run (the measure), and their median: one run's ratio
        # carries the machine's swing between its two timings.
        ratios = result["all runs"]["render.sh / manim one by one"]
        print(f"render.sh / Manim one by one, run by run: {[round(r, 2) for r in ratios]}, "
              f"median {statistics.median(ratios):.2f} (Manim one by one "
              f"{[round(x, 1) for x in result['all runs']['manim one by one']]}).")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quality", nargs="+", default=["l", "h"], choices=QUALITY_FOLDERS)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--floor-runs", type=int, default=1, help="runs that also time the ffmpeg floor (0: not timed, shown as nan)")
    parser.add_argument("--scenes", nargs="+", default=list(available_scenes()))
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--vp9", action="store_true", help="also encode the WebM as before (VP9 crf 33) to compare")
    parser.add_argument("--json", type=Path, help="also write the medians here")
    args = parser.parse_args()
    if shutil.which("ffmpeg") is None:
        raise SystemExit("benchmark: ffmpeg is missing: run ./render.sh once (it installs what is missing)")
    results = {QUALITY_FOLDERS[q]: measure(q, args.scenes, args.runs, args.floor_runs, args.jobs, args.vp9)
               for q in args.quality}
    report(results)
    if args.json:
        args.json.write_text(json.dumps(results, indent=2, default=str))


if __name__ == "__main__":
    main()
