"""Frame regression: each scene's start, middle beat and end match stored reference pictures.

References live in tests/frames/<scene>/<moment>.png, made on this project's Debian 12 system
packages (pixels differ between cairo versions, Manim issue #3310), with
tests/frames/<scene>/hashes.json, every beat's frame hash (for the determinism test). Regenerate
them, deliberately, after a change to the picture that you have looked at:

    ./test.sh tests/test_frames.py --regenerate-frames
"""

import json
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from frames import changed_fraction, chosen_moments, frame_hash, key_frames
from loglesson.catalog import available_scenes

REFERENCES = Path(__file__).parent / "frames"
FAILURES = REFERENCES / "failed"
HASHES = "hashes.json"    # every key frame's hash (frames.key_frames), written with the references

# A frame fails when more than PIXEL_FRACTION of its pixels changed (frames.changed_fraction:
# by more than 24 levels in a channel). A moved label or a shifted curve changes far more.
PIXEL_FRACTION = 0.001

SCENES = available_scenes()


BAND: dict[str, list] = {}   # words seen in the captions' band, per scene, from the same builds
SMALL: dict[str, list] = {}  # words seen below their legible size, per scene, from the same builds


@pytest.fixture(scope="module")
def rendered(tmp_path_factory):
    cache = {}

    def frames_of(name):
        if name not in cache:
            BAND[name], SMALL[name] = [], []
            cache[name] = key_frames(name, tmp_path_factory.mktemp(name), band=BAND[name], small=SMALL[name])
        return cache[name]

    return frames_of


def write_failure(name, moment, new, old, changed) -> tuple[Path, Path]:
    FAILURES.mkdir(parents=True, exist_ok=True)
    new_path = FAILURES / f"{name}-{moment}-new.png"
    diff_path = FAILURES / f"{name}-{moment}-diff.png"
    Image.fromarray(new).save(new_path)
    diff = (old // 3).astype(np.uint8)
    diff[changed] = (255, 0, 255)  # changed pixels in magenta over a dimmed reference
    Image.fromarray(diff).save(diff_path)
    return new_path, diff_path


@pytest.mark.parametrize("name", SCENES)
def test_key_frames_match_the_references(name, rendered, request):
    frames = rendered(name)
    moments = chosen_moments(frames)
    if request.config.getoption("--regenerate-frames"):
        (REFERENCES / name).mkdir(parents=True, exist_ok=True)
        for moment, frame in moments.items():
            Image.fromarray(frame).save(REFERENCES / name / f"{moment}.png", optimize=True)
        hashes = {label: frame_hash(frame) for label, frame in frames.items()}
        (REFERENCES / name / HASHES).write_text(json.dumps(hashes, indent=1) + "\n", encoding="utf-8")
        pytest.skip(f"regenerated the references of {name}: look at them before committing")
    problems = []
    for moment, new in moments.items():
        reference = REFERENCES / name / f"{moment}.png"
        assert reference.exists(), (
            f"no reference {reference}; make it with ./test.sh tests/test_frames.py --regenerate-frames"
        )
        old = np.asarray(Image.open(reference).convert("RGB"))
        assert new.shape == old.shape, f"{name} {moment}: size {new.shape} != reference {old.shape}"
        fraction, changed = changed_fraction(new, old)
        if fraction > PIXEL_FRACTION:
            new_path, diff_path = write_failure(name, moment, new, old, changed)
            problems.append(f"{moment}: {fraction:.2%} of pixels changed (see {new_path} and {diff_path})")
    assert not problems, (
        f"{name} looks different from its references: " + "; ".join(problems)
        + ". If the change is intended, regenerate: ./test.sh tests/test_frames.py --regenerate-frames"
    )


@pytest.mark.parametrize("name", SCENES)
def test_no_english_words_of_the_scene_enter_the_captions_band(name, rendered):
    rendered(name)
    assert sorted(set(BAND[name])) == []


@pytest.mark.parametrize("name", SCENES)
def test_every_english_word_and_number_of_the_scene_is_legible_at_480p(name, rendered):
    rendered(name)
    assert sorted(set(SMALL[name])) == []


@pytest.mark.parametrize("name", SCENES)
def test_same_inputs_give_the_same_frames(name, rendered, tmp_path, request):
    """Every beat's frame hashes as when the references were made (by another process, from the
    same inputs). Where one differs (another cairo, or a change not yet regenerated), or the
    references are being written, the scene is built a second time here and the two builds'
    frames compared instead (seconds: cross_entropy's 10 s on a slow day)."""
    first = {label: frame_hash(frame) for label, frame in rendered(name).items()}
    stored = REFERENCES / name / HASHES
    if not request.config.getoption("--regenerate-frames") and stored.exists():
        if json.loads(stored.read_text(encoding="utf-8")) == first:
            return
    second = {label: frame_hash(frame) for label, frame in key_frames(name, tmp_path).items()}
    assert second == first


def test_every_reference_belongs_to_a_scene():
    stale = [p for p in [*REFERENCES.glob("*/*.png"), *REFERENCES.glob(f"*/{HASHES}")]
             if p.parent.name not in SCENES and p.parent != FAILURES]
    assert stale == [], f"references of scenes that no longer exist: {stale}"
