#include "numpy_convert.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "specsweep/error.hpp"

namespace specsweep::python {
namespace {

std::string dtype_name(const py::array& a) { return py::str(a.dtype()).cast<std::string>(); }

// Reads a 2-D array of scalar T into a column-major Eigen matrix: one copy for C or F order.
template <class T>
Eigen::Matrix<T, Eigen::Dynamic, Eigen::Dynamic> read_matrix(const py::array& src) {
  using ColMajor = Eigen::Matrix<T, Eigen::Dynamic, Eigen::Dynamic>;
  using RowMajor = Eigen::Matrix<T, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
  // Same dtype and layout: no conversion; otherwise NumPy casts (and makes it contiguous).
  auto a = py::array_t<T, py::array::forcecast>::ensure(src);
  if (!a) throw py::error_already_set();
  const Index rows = a.ndim() >= 1 ? a.shape(0) : 1;
  const Index cols = a.ndim() == 2 ? a.shape(1) : 1;
  const int flags = a.flags();
  if (flags & py::array::f_style) return Eigen::Map<const ColMajor>(a.data(), rows, cols);
  if (flags & py::array::c_style) return Eigen::Map<const RowMajor>(a.data(), rows, cols);
  auto f = py::array_t<T, py::array::f_style | py::array::forcecast>::ensure(a);
  return Eigen::Map<const ColMajor>(f.data(), rows, cols);
}

std::string shape_of(const py::array& a) {
  std::vector<py::ssize_t> dims(a.shape(), a.shape() + a.ndim());
  return fmt::format("({}{})", fmt::join(dims, ", "), dims.size() == 1 ? "," : "");
}

void require_ndim(const py::array& a, const char* what, bool allow_vector) {
  const auto nd = a.ndim();
  if (nd == 2 || (allow_vector && nd == 1)) return;
  throw Error(fmt::format("{} must be a {}2-D array, got shape {}", what,
                          allow_vector ? "1-D or " : "", shape_of(a)));
}

}  // namespace

py::array as_array(const py::object& o) {
  auto a = py::array::ensure(o);
  if (!a) throw py::error_already_set();
  return a;
}

bool is_complex_checked(const py::array& a, const char* what) {
  const char kind = a.dtype().kind();
  if (kind == 'c') return true;
  if (kind == 'f' || kind == 'i' || kind == 'u') return false;
  throw Error(
      fmt::format("{} has dtype {}; expected real or complex numbers (float64 or "
                  "complex128)",
                  what, dtype_name(a)));
}

MatrixXd to_real_matrix(const py::array& a, const char* what) {
  require_ndim(a, what, false);
  if (is_complex_checked(a, what))
    throw Error(fmt::format("{} must be real, got dtype {}", what, dtype_name(a)));
  return read_matrix<double>(a);
}

MatrixXcd to_complex_matrix(const py::array& a, const char* what, bool allow_vector) {
  require_ndim(a, what, allow_vector);
  if (is_complex_checked(a, what)) return read_matrix<cplx>(a);
  return read_matrix<double>(a).cast<cplx>();
}

std::vector<cplx> to_shifts(const py::array& a) {
  if (a.ndim() > 1)
    throw Error(fmt::format("shifts must be a 1-D array, got shape {}", shape_of(a)));
  is_complex_checked(a, "shifts");
  auto c = py::array_t<cplx, py::array::c_style | py::array::forcecast>::ensure(a);
  if (!c) throw py::error_already_set();
  return std::vector<cplx>(c.data(), c.data() + c.size());
}

py::array_t<cplx> to_numpy(std::vector<cplx>&& data, const std::vector<py::ssize_t>& shape) {
  auto* owned = new std::vector<cplx>(std::move(data));
  py::capsule release(owned, [](void* p) { delete static_cast<std::vector<cplx>*>(p); });
  return py::array_t<cplx>(shape, owned->data(), release);
}

py::array_t<double> to_numpy(MatrixXd&& M) {
  auto* owned = new MatrixXd(std::move(M));
  py::capsule release(owned, [](void* p) { delete static_cast<MatrixXd*>(p); });
  const auto item = static_cast<py::ssize_t>(sizeof(double));
  return py::array_t<double>({owned->rows(), owned->cols()}, {item, item * owned->rows()},
                             owned->data(), release);
}

}  // namespace specsweep::python
