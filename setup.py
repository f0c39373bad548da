"""Builds the Python package `specsweep` through CMake, for pip:

    python3 -m venv --system-site-packages .venv      # NumPy from Debian's python3-numpy
    .venv/bin/pip install --no-build-isolation .

setuptools drives CMake: it configures this tree with the apps, tests and benchmarks off, builds
only the module target (specsweep_python) and packages the module with python/specsweep/*.py.
Environment:
  SPECSWEEP_CMAKE_BUILD_DIR  CMake build directory (default: build-python next to this file)
  CMAKE_ARGS                 extra configure arguments, e.g. "-DSPECSWEEP_BLAS=generic"
  CMAKE_BUILD_PARALLEL_LEVEL build jobs (default: all cores)
ccache is used when it is installed, unless CMAKE_CXX_COMPILER_LAUNCHER says otherwise.
"""
import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

from setuptools import Extension, setup
from setuptools.command.build_ext import build_ext

ROOT = Path(__file__).resolve().parent
BUILD_DIR = Path(os.environ.get("SPECSWEEP_CMAKE_BUILD_DIR", ROOT / "build-python"))
# setuptools' own build and egg-info directories go there too, not into the source tree.
SETUPTOOLS_DIR = BUILD_DIR / "setuptools"
SETUPTOOLS_DIR.mkdir(parents=True, exist_ok=True)


def cmake_version():
    """The project version, from the one place CMake takes it from."""
    text = (ROOT / "cmake" / "SpecsweepVersion.cmake").read_text()
    match = re.search(r"^set\(SPECSWEEP_VERSION (\d+\.\d+\.\d+)\)", text, re.MULTILINE)
    if not match:
        raise RuntimeError("cmake/SpecsweepVersion.cmake: no set(SPECSWEEP_VERSION x.y.z) line")
    return match.group(1)


class CMakeBuild(build_ext):
    """Builds the one extension, specsweep._specsweep, with CMake instead of setuptools."""

    def build_extension(self, ext):
        build_dir = BUILD_DIR
        configure = [
            "cmake", "-S", str(ROOT), "-B", str(build_dir),
            "-DCMAKE_BUILD_TYPE=Release",
            f"-DPython3_EXECUTABLE={sys.executable}",
            "-DSPECSWEEP_BUILD_PYTHON=ON",
            "-DSPECSWEEP_BUILD_APPS=OFF",
            "-DSPECSWEEP_BUILD_TESTS=OFF",
            "-DSPECSWEEP_BUILD_BENCH=OFF",
            "-DSPECSWEEP_INSTALL=OFF",
        ]
        if not (build_dir / "CMakeCache.txt").exists() and shutil.which("ninja"):
            configure += ["-G", "Ninja"]
        if "CMAKE_CXX_COMPILER_LAUNCHER" not in os.environ and shutil.which("ccache"):
            configure.append("-DCMAKE_CXX_COMPILER_LAUNCHER=ccache")
        configure += shlex.split(os.environ.get("CMAKE_ARGS", ""))
        jobs = os.environ.get("CMAKE_BUILD_PARALLEL_LEVEL", str(os.cpu_count() or 1))
        subprocess.run(configure, check=True)
        subprocess.run(["cmake", "--build", str(build_dir), "--target", "specsweep_python",
                        "--parallel", jobs], check=True)
        built = sorted((build_dir / "python" / "specsweep").glob("_specsweep*.so"))
        if len(built) != 1:
            raise RuntimeError(f"expected one _specsweep*.so in {build_dir}/python/specsweep, "
                               f"found {[p.name for p in built]}")
        target = Path(self.get_ext_fullpath(ext.name))
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(built[0], target)


setup(
    name="specsweep",
    version=cmake_version(),
    description="Solve (I - sA) x(s) = b for one matrix A and many shifts s",
    install_requires=["numpy"],
    packages=["specsweep"],
    package_dir={"": "python"},
    ext_modules=[Extension("specsweep._specsweep", sources=[])],
    cmdclass={"build_ext": CMakeBuild},
    zip_safe=False,
    options={"build": {"build_base": str(SETUPTOOLS_DIR)},
             "egg_info": {"egg_base": str(SETUPTOOLS_DIR)}},
)
