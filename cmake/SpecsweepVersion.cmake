# The one place the version is written. project(), version.hpp, the package's version file,
# the Python module's __version__ and the pip metadata (setup.py reads this line) all take it
# from here.
set(SPECSWEEP_VERSION 0.1.0)
