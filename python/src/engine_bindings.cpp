// specsweep._specsweep.Resolvent: the engine's factor-once / sweep-many object for NumPy.
#include <fmt/format.h>
#include <pybind11/stl.h>

#include <utility>

#include "bindings.hpp"
#include "numpy_convert.hpp"
#include "specsweep/error.hpp"
#include "specsweep/resolvent.hpp"

namespace specsweep::python {
namespace {

Options make_options(const std::string& method, Index expected_shifts, Index observe_rows,
                     Index block_size, int threads) {
  require(expected_shifts >= 0, "expected_shifts must be >= 0");
  require(observe_rows >= 0, "observe_rows must be >= 0");
  require(block_size >= 0, "block_size must be >= 0");
  require(threads >= 0, "threads must be >= 0");
  Options o;
  o.threads = threads;
  o.method = parse_method(method);
  o.expected_shifts = expected_shifts;
  o.observe_rows = observe_rows;
  o.block_size = block_size;
  return o;
}

/// Holds the factorisation and the flags of the most recent solve/project call.
class PyResolvent {
 public:
  PyResolvent(const py::object& A_in, const Options& opts, const py::object& E_in = py::none()) {
    const py::array A = as_array(A_in);
    if (!E_in.is_none()) {  // pencil (E - sA)
      const py::array E = as_array(E_in);
      if (is_complex_checked(A, "A") || is_complex_checked(E, "E")) {
        MatrixXcd Am = to_complex_matrix(A, "A", false), Em = to_complex_matrix(E, "E", false);
        py::gil_scoped_release nogil;
        r_ = Resolvent(Em, Am, opts);
      } else {
        MatrixXd Am = to_real_matrix(A, "A"), Em = to_real_matrix(E, "E");
        py::gil_scoped_release nogil;
        r_ = Resolvent(Em, Am, opts);
      }
      return;
    }
    if (is_complex_checked(A, "A")) {
      MatrixXcd M = to_complex_matrix(A, "A", false);
      py::gil_scoped_release nogil;
      r_ = Resolvent(M, opts);
    } else {
      MatrixXd M = to_real_matrix(A, "A");
      py::gil_scoped_release nogil;
      r_ = Resolvent(M, opts);
    }
  }
  explicit PyResolvent(Resolvent&& r) : r_(std::move(r)) {}

  static PyResolvent from_product(const py::object& V, const py::object& D, const Options& opts) {
    MatrixXd Vm = to_real_matrix(as_array(V), "V"), Dm = to_real_matrix(as_array(D), "D");
    py::gil_scoped_release nogil;
    return PyResolvent(Resolvent::symmetric_definite_product(Vm, Dm, opts));
  }

  py::array solve(const py::object& shifts_in, const py::object& b_in) {
    const py::array shifts = as_array(shifts_in), b = as_array(b_in);
    const std::vector<cplx> s = to_shifts(shifts);
    const MatrixXcd B = to_complex_matrix(b, "b", true);
    SweepResult res;
    {
      py::gil_scoped_release nogil;
      res = r_.solve(s, B);
    }
    return finish(std::move(res), b.ndim() == 1, false);
  }

  py::array project(const py::object& C_in, const py::object& shifts_in, const py::object& b_in) {
    const py::array C = as_array(C_in), shifts = as_array(shifts_in), b = as_array(b_in);
    const MatrixXcd Cm = C.ndim() == 1 ? MatrixXcd(to_complex_matrix(C, "C", true).transpose())
                                       : to_complex_matrix(C, "C", false);
    const std::vector<cplx> s = to_shifts(shifts);
    const MatrixXcd B = to_complex_matrix(b, "b", true);
    SweepResult res;
    {
      py::gil_scoped_release nogil;
      res = r_.project(Cm, s, B);
    }
    return finish(std::move(res), b.ndim() == 1, C.ndim() == 1);
  }

  const Resolvent& get() const { return r_; }
  py::list flagged() const {
    py::list out;
    for (const auto& f : flagged_) out.append(py::make_tuple(f.index, f.cond_estimate));
    return out;
  }

 private:
  // (k, q[, m]) with the q axis dropped for a 1-D observer and the m axis for a 1-D b.
  py::array finish(SweepResult&& res, bool vector_b, bool vector_c) {
    flagged_ = std::move(res.flagged);
    std::vector<py::ssize_t> shape{res.shifts};
    if (!vector_c) shape.push_back(res.outputs);
    if (!vector_b) shape.push_back(res.rhs);
    return to_numpy(std::move(res.data), shape);
  }

  Resolvent r_;
  std::vector<ShiftFlag> flagged_;
};

py::dict diagnostics_dict(const Diagnostics& d) {
  py::dict out;
  out["n"] = d.n;
  out["real"] = d.real;
  out["hermitian"] = d.hermitian;
  out["product_form"] = d.product_form;
  out["norm_fro"] = d.norm_fro;
  out["departure_from_normality"] = d.departure_from_normality;
  out["kappa_V"] = d.kappa_V;
  out["spectral_radius"] = d.spectral_radius;
  out["pencil"] = d.pencil;
  out["norm_fro_E"] = d.norm_fro_E;
  out["zero_eigenvalues"] = d.zero_eigenvalues;
  out["infinite_eigenvalues"] = d.infinite_eigenvalues;
  return out;
}

}  // namespace

void bind_engine(py::module_& m) {
  using namespace pybind11::literals;
  py::class_<PyResolvent>(m, "Resolvent", R"doc(
Factor A once, then evaluate x(s) = (I - sA)^-1 b for many shifts s.

Resolvent(A, method="auto", *, E=None, expected_shifts=0, observe_rows=0, block_size=0, threads=0)

With E (n, n): the pencil, x(s) = (E - sA)^-1 b; E or A may be singular. Routes for pencils:
"qz" (generalised Schur form, backward stable), "direct", and for E, A symmetric with one of
them definite the symmetric-definite "eig" route; "auto" picks. An E that is exactly the
identity is the plain (I - sA) problem.

A: square (n, n) real or complex array. method: "auto" (picks a stable route from the
diagnostics and says why in .reason), "direct" (LU per shift, O(n^3) each), "eig"
(eigendecomposition, O(n^2) per shift, only as accurate as kappa(V)), "qz" (the pencil
(I, A)), "schur" (multi-shift blocked Schur solve, backward stable), "hessenberg" (Givens solve
per shift, backward stable, cheapest factorisation), "block-diagonal" (the Schur form split
into well-conditioned clusters, kappa(W) <= 10). expected_shifts / observe_rows tell "auto" how many shifts and outputs
will follow (0 = unknown). threads bounds the threads of this Resolvent's factorisation and
sweeps (0 = OMP_NUM_THREADS, else every core); nothing process-wide is changed, so several
Python threads may share one Resolvent. Factorisation and sweeps run without the GIL.)doc")
      .def(py::init([](const py::object& A, const std::string& method, const py::object& E,
                       Index expected_shifts, Index observe_rows, Index block_size, int threads) {
             return PyResolvent(A, make_options(method, expected_shifts, observe_rows, block_size,
                                                threads),
                                E);
           }),
           "A"_a, "method"_a = "auto", py::kw_only(), "E"_a = py::none(), "expected_shifts"_a = 0,
           "observe_rows"_a = 0, "block_size"_a = 0, "threads"_a = 0)
      .def_static(
          "from_product",
          [](const py::object& V, const py::object& D, const std::string& method,
             Index expected_shifts, Index observe_rows, Index block_size, int threads) {
            return PyResolvent::from_product(
                V, D, make_options(method, expected_shifts, observe_rows, block_size, threads));
          },
          "V"_a, "D"_a, "method"_a = "auto", py::kw_only(), "expected_shifts"_a = 0,
          "observe_rows"_a = 0, "block_size"_a = 0, "threads"_a = 0,
          "A = V D with V symmetric positive definite and D symmetric (the ribbon operator):\n"
          "real spectrum through V = L L^T and syevd on L^T D L. V and D are checked: when either\n"
          "is not symmetric (to 8 eps), or V is not SPD, A = V D is formed and auto chooses for\n"
          "it; .reason says which check failed.")
      .def("solve", &PyResolvent::solve, "shifts"_a, "b"_a,
           "x(s) for every shift: b (n,) -> complex128 (k, n); b (n, m) -> (k, n, m).\n"
           "O(n^2) per shift and right-hand side; runs without the GIL. Numerically singular\n"
           "shifts are listed in .flagged afterwards.")
      .def("project", &PyResolvent::project, "C"_a, "shifts"_a, "b"_a,
           "C x(s) for every shift: C (p, n) -> (k, p[, m]); a 1-D C (n,) -> (k[, m]).\n"
           "O(n p) per shift on the modal routes, where C V is formed once.")
      .def_property_readonly(
          "n", [](const PyResolvent& r) { return r.get().size(); }, "The order n of A.")
      .def_property_readonly(
          "method", [](const PyResolvent& r) { return to_string(r.get().route()); },
          "The route that runs: direct, eig, eig-hermitian, eig-symmetric-definite, schur, "
          "hessenberg, qz.")
      .def_property_readonly(
          "reason", [](const PyResolvent& r) { return r.get().reason(); },
          "One sentence on why this route was chosen (auto) or that it was requested.")
      .def_property_readonly(
          "diagnostics",
          [](const PyResolvent& r) { return diagnostics_dict(r.get().diagnostics()); },
          "What auto read: n, real, hermitian, product_form, norm_fro, "
          "departure_from_normality, kappa_V, spectral_radius (nan = not computed on this "
          "route).")
      .def_property_readonly(
          "eigenvalues",
          [](const PyResolvent& r) {
            VectorXcd ev = r.get().eigenvalues();
            return to_numpy(std::vector<cplx>(ev.data(), ev.data() + ev.size()), {ev.size()});
          },
          "Eigenvalues of A (complex128) when the route computed them "
          "(eig*, schur); empty otherwise.")
      .def_property_readonly("flagged", &PyResolvent::flagged,
                             "Shifts of the LAST solve/project call on this object where I - sA "
                             "is numerically singular: a list of (index, cond_estimate); "
                             "cond_estimate is inf when exactly singular.")
      .def("__repr__", [](const PyResolvent& r) {
        return fmt::format("<specsweep.Resolvent n={} method='{}'>", r.get().size(),
                           to_string(r.get().route()));
      });
}

}  // namespace specsweep::python
