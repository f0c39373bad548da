#pragma once
// NumPy <-> Eigen at the module boundary. Inputs: any real or complex numeric dtype, C or
// Fortran order or strided. Each input is read once into the engine's column-major storage
// (C order is transposed during that one copy; only non-float64/complex128 dtypes and
// non-contiguous views take an extra NumPy conversion first). Outputs are handed to NumPy
// without a copy: the array owns the engine's result buffer.
#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>

#include <vector>

#include "specsweep/types.hpp"

namespace specsweep::python {

namespace py = pybind11;

/// Any array-like (list, scalar, array) as an ndarray, without copying an ndarray.
py::array as_array(const py::object& o);

/// True for complex dtypes; throws Error (-> ValueError) naming `what` for a dtype that is not
/// a real or complex number (bool, object, str, datetime, ...).
bool is_complex_checked(const py::array& a, const char* what);

/// A 2-D array as a real matrix; `a` must have a real dtype.
MatrixXd to_real_matrix(const py::array& a, const char* what);
/// A 2-D array (or a 1-D array as one column when allow_vector) as a complex matrix.
MatrixXcd to_complex_matrix(const py::array& a, const char* what, bool allow_vector);
/// Shifts: a 1-D array (a scalar counts as one shift) of real or complex numbers.
std::vector<cplx> to_shifts(const py::array& a);

/// Moves a C-order buffer into a NumPy complex128 array of the given shape (no copy).
py::array_t<cplx> to_numpy(std::vector<cplx>&& data, const std::vector<py::ssize_t>& shape);

/// Moves a column-major real matrix into a Fortran-order NumPy float64 array (no copy).
py::array_t<double> to_numpy(MatrixXd&& M);

}  // namespace specsweep::python
