"""How close each clip's web files are to the frames Manim drew, not to its H.264.

The benchmark compares the web files with Manim's render (its MP4, x264 at crf 23), which is
itself an approximation of the frames: a WebM encoded from that MP4 is judged by how well it
copies the MP4's own errors. Since the WebM is encoded from Manim's frames in the render
(publish/inrender.py), this measures both against the frames themselves: each clip is
rendered again with Manim's x264 lossless (crf 0, the same frames: the scenes draw the same
picture every time), and the MP4 and the WebM of a render.sh output folder are compared with
it (SSIM and PSNR, ffmpeg's filters, at every frame time). Usage, after a render.sh run:

    .venv/bin/python bench/fidelity.py OUT_FOLDER [--quality l|m|h|k] [--lang en] [--scenes exponent ...]

Prints a Markdown table: for each clip, each file's picture bytes, SSIM and PSNR.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scenes"))
sys.path.insert(0, str(ROOT / "bench"))

from benchmark import compare, video_bytes  # noqa: E402

from loglesson.catalog import available_scenes, scene_file  # noqa: E402
from loglesson.publish.pipeline import QUALITY_FOLDERS  # noqa: E402

# Manim's own command, with its x264 lossless (its _DEFAULT_OPTIONS hold the crf it encodes at).
LOSSLESS_MANIM = ("import sys; import manim._config.video_encoder as v; "
                  "v._DEFAULT_OPTIONS['libx264'] = {'crf': '0', 'preset': 'ultrafast'}; "
                  "sys.argv = ['manim', *sys.argv[1:]]; from manim.__main__ import main; main()")


def lossless_render(name: str, quality: str, lang: str, media: Path) -> Path:
    command = [sys.executable, "-c", LOSSLESS_MANIM, "render", f"-q{quality}", "--disable_caching",
               "--progress_bar", "none", "-v", "WARNING", "--media_dir", str(media), "-o", name,
               str(scene_file(name))]
    subprocess.run(command, cwd=ROOT, check=True, stdout=subprocess.DEVNULL,
                   env={**os.environ, "LESSON_LANG": lang})
    (video,) = media.rglob(f"videos/**/{QUALITY_FOLDERS[quality]}/{name}.mp4")
    return video


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("out", type=Path, help="a render.sh output folder (its --out)")
    parser.add_argument("--quality", default="l", choices=list(QUALITY_FOLDERS))
    parser.add_argument("--lang", default="en")
    parser.add_argument("--scenes", nargs="+", default=None)
    args = parser.parse_args()
    folder = args.out / args.lang / QUALITY_FOLDERS[args.quality]
    scenes = args.scenes or [name for name in available_scenes() if (folder / f"{name}.webm").exists()]
    if not scenes:
        raise SystemExit(f"fidelity: no clips in {folder}: run ./render.sh --out {args.out} first")
    print("| clip | file | picture kB | SSIM | PSNR dB |\n|---|---|---:|---:|---:|")
    with tempfile.TemporaryDirectory(prefix="fidelity-") as scratch:
        for name in scenes:
            truth = lossless_render(name, args.quality, args.lang, Path(scratch) / name)
            for kind in ("mp4", "webm"):
                made = folder / f"{name}.{kind}"
                q = compare(made, truth)
                print(f"| {name} | {kind} | {video_bytes(made) / 1e3:.0f} | {q['ssim']:.6f} | {q['psnr']:.2f} |",
                      flush=True)


if __name__ == "__main__":
    main()
