// The compiled core of the Python package `specsweep` (see python/specsweep/__init__.py).
#include <pybind11/pybind11.h>

#include "bindings.hpp"
#include "specsweep/error.hpp"

namespace py = pybind11;

PYBIND11_MODULE(_specsweep, m) {
  m.doc() = "specsweep compiled core: solve (I - sA) x(s) = b for one A and many shifts s.";
  m.attr("__version__") = SPECSWEEP_PYTHON_VERSION;
  // Same message as the CLI prints after "specsweep: ". Bad input -> ValueError; an output or
  // environment failure -> RuntimeError.
  py::register_exception_translator([](std::exception_ptr p) {
    try {
      if (p) std::rethrow_exception(p);
    } catch (const specsweep::Error& e) {
      if (e.kind() == specsweep::ErrorKind::Input)
        PyErr_SetString(PyExc_ValueError, e.what());
      else
        PyErr_SetString(PyExc_RuntimeError, e.what());
    }
  });
  specsweep::python::bind_engine(m);
#ifdef SPECSWEEP_PYTHON_HAS_STATESPACE
  specsweep::python::bind_statespace(m);  // specsweep.freqresp
#endif
#ifdef SPECSWEEP_PYTHON_HAS_RIBBON
  auto ribbon = m.def_submodule(
      "ribbon", "Graphene ribbon front end: A(q) = V(q) D(q), plasmon modes, absorption, emitter");
  specsweep::python::bind_ribbon(ribbon);
#endif
#ifdef SPECSWEEP_PYTHON_HAS_POISSON
  auto poisson = m.def_submodule(
      "poisson", "Poisson front end (blas, dst): -Laplace(u) = f by diagonalise-divide-transform");
  specsweep::python::bind_poisson(poisson);
#endif
}
