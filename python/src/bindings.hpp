#pragma once
// One registration function per layer; module.cpp calls them in order.
#include <pybind11/pybind11.h>

namespace specsweep::python {

void bind_engine(pybind11::module_& m);
#ifdef SPECSWEEP_PYTHON_HAS_RIBBON
void bind_ribbon(pybind11::module_& m);
#endif
#ifdef SPECSWEEP_PYTHON_HAS_POISSON
void bind_poisson(pybind11::module_& m);
#endif
#ifdef SPECSWEEP_PYTHON_HAS_STATESPACE
void bind_statespace(pybind11::module_& m);
#endif

}  // namespace specsweep::python
