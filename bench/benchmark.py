"""Render-speed benchmark: the whole lesson at low and high quality, against ffmpeg's own floor.

For each clip and quality it renders with Manim in a fresh process (caching of animations
off, the LaTeX cache warm, as on a user's second render) and reports frames, seconds of
video, wall seconds, video seconds per wall second and peak memory; then it times ffmpeg
alone encoding the same frames (decoded from the clip to raw RGBA, as Manim hands them to
its encoder) with Manim's settings (libx264, crf 23, yuv420p), and prints render/encode.
Each figure is the median over --runs runs. Usage:

    .venv/bin/python bench/benchmark.py [--quality l h] [--runs 3] [--scenes inverse ...]
"""

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scenes"))

from loglesson.catalog import available_scenes, scene_file  # noqa: E402

FOLDERS = {"l": "480p15", "m": "720p30", "h": "1080p60", "k": "2160p60"}
CHUNK_BYTES = 2 << 30          # raw frames held in memory (/dev/shm) at a time for the encode floor
BLOCK_BYTES = 16 << 20


def timed(command, **kwargs) -> tuple[float, float]:
    """Wall seconds and peak resident memory (MiB) of one child process tree's largest process."""
    start = time.perf_counter()
    process = subprocess.Popen(command, **kwargs)
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"benchmark: {' '.join(map(str, command))} failed")
    return wall, usage.ru_maxrss / 1024


def probe(video: Path) -> tuple[int, float, int, int, str]:
    out = subprocess.run(
        ["ffprobe", "-v", "error", "-select_streams", "v:0", "-count_packets",
         "-show_entries", "stream=nb_read_packets,width,height,r_frame_rate:format=duration",
         "-of", "json", str(video)],
        capture_output=True, text=True, check=True,
    )
    info = json.loads(out.stdout)
    stream = info["streams"][0]
    return (int(stream["nb_read_packets"]), float(info["format"]["duration"]),
            stream["width"], stream["height"], stream["r_frame_rate"])


def render(name: str, quality: str, media: Path) -> dict:
    command = [sys.executable, "-m", "manim", "render", f"-q{quality}", "--disable_caching",
               "--progress_bar", "none", "-v", "WARNING", "--media_dir", str(media),
               "-o", name, str(scene_file(name))]
    wall, peak = timed(command, cwd=ROOT, stdout=subprocess.DEVNULL)
    (video,) = media.rglob(f"videos/**/{FOLDERS[quality]}/{name}.mp4")
    frames, seconds, width, height, rate = probe(video)
    return {"video": video, "frames": frames, "seconds": seconds, "wall": wall, "peak_mib": peak,
            "size": f"{width}x{height}", "rate": rate}


def encode_floor(video: Path, size: str, rate: str) -> float:
    """Seconds ffmpeg alone takes to encode the clip's frames from raw RGBA, as Manim's encoder gets them.

    The frames are decoded first, untimed, into memory (/dev/shm) a chunk at a time; only the
    encoding of each chunk is timed. (Decoding alongside takes CPU from the encoder: the
    1080p60 exponent clip's floor was 42.5 s that way, 38.4 s this way.) The encoder restarts
    every CHUNK_BYTES of frames, as Manim's restarts for every animation.
    """
    width, height = map(int, size.split("x"))
    frame_bytes = width * height * 4
    chunk_frames = max(1, CHUNK_BYTES // frame_bytes)
    scratch_root = "/dev/shm" if Path("/dev/shm").is_dir() else None
    decode = subprocess.Popen(
        ["ffmpeg", "-v", "error", "-i", str(video), "-f", "rawvideo", "-pix_fmt", "rgba", "-"],
        stdout=subprocess.PIPE,
    )
    total = 0.0
    with tempfile.TemporaryDirectory(dir=scratch_root) as scratch:
        frames = Path(scratch) / "frames.rgba"
        while copy_out(decode.stdout, frames, chunk_frames * frame_bytes):
            wall, _ = timed(
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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quality", nargs="+", default=["l", "h"], choices=FOLDERS)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--scenes", nargs="+", default=list(available_scenes()))
    parser.add_argument("--json", type=Path, help="also write the medians here")
    args = parser.parse_args()

    results = {}
    for quality in args.quality:
        with tempfile.TemporaryDirectory() as media_dir:
            media = Path(media_dir)
            for name in args.scenes:  # warm-up: fills the LaTeX and text caches, not counted
                render(name, quality, media)
            runs = {name: [] for name in args.scenes}
            for run in range(args.runs):
                for name in args.scenes:
                    result = render(name, quality, media)
                    result["floor"] = encode_floor(result["video"], result["size"], result["rate"])
                    runs[name].append(result)
                    print(f"[{FOLDERS[quality]} run {run + 1}/{args.runs}] {name}: "
                          f"{result['wall']:.1f} s wall, floor {result['floor']:.1f} s", file=sys.stderr)
        results[FOLDERS[quality]] = {
            name: {
                "frames": rs[0]["frames"], "seconds": rs[0]["seconds"],
                "wall": statistics.median(r["wall"] for r in rs),
                "peak_mib": statistics.median(r["peak_mib"] for r in rs),
                "floor": statistics.median(r["floor"] for r in rs),
            }
            for name, rs in runs.items()
        }

    print(f"medians over {args.runs} runs, {os.cpu_count()} cores\n")
    print("| quality | clip | frames | video s | wall s | video s / wall s | peak MiB | ffmpeg floor s | render / floor |")
    print("|---|---|---:|---:|---:|---:|---:|---:|---:|")
    for folder, clips in results.items():
        total = {k: sum(c[k] for c in clips.values()) for k in ("frames", "seconds", "wall", "floor")}
        total["peak_mib"] = max(c["peak_mib"] for c in clips.values())
        for name, c in [*clips.items(), ("**total**", total)]:
            print(f"| {folder} | {name} | {c['frames']} | {c['seconds']:.1f} | {c['wall']:.1f} | "
                  f"{c['seconds'] / c['wall']:.2f} | {c['peak_mib']:.0f} | {c['floor']:.1f} | "
                  f"{c['wall'] / c['floor']:.1f} |")
    if args.json:
        args.json.write_text(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
