"""The lesson's scene files (which scenes and in what order: loglesson.lesson), and loading one's Scene class."""

import importlib.util
import inspect
import sys
from pathlib import Path

from .lesson import scene_names
from .paths import SCENES_DIR


def scene_file(name: str) -> Path:
    """scenes/<name>.py, where the scene `name` of the registry lives."""
    return SCENES_DIR / f"{name}.py"


def available_scenes() -> tuple[str, ...]:
    """The scenes of the lesson (in lesson order) whose file exists."""
    return tuple(name for name in scene_names() if scene_file(name).exists())


def scene_classes(name: str) -> list[type]:
    """The Scene subclasses defined in scenes/<name>.py (Manim renders a file's only one)."""
    from manim import Scene

    module_name = f"lesson_scene_{name}"
    module = sys.modules.get(module_name)
    if module is None:
        spec = importlib.util.spec_from_file_location(module_name, scene_file(name))
        if spec is None or spec.loader is None:
            raise ImportError(f"cannot load {scene_file(name)}")
        module = importlib.util.module_from_spec(spec)
        sys.modules[module_name] = module
        spec.loader.exec_module(module)
    return [
        obj for obj in vars(module).values()
        if inspect.isclass(obj) and issubclass(obj, Scene) and obj.__module__ == module_name
    ]


def scene_class(name: str) -> type:
    (cls,) = scene_classes(name)
    return cls
