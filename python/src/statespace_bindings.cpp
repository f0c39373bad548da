// specsweep.freqresp: G(z) = C (zE - A)^-1 B + D at z = i omega (or e^{i omega dt}), in
// python-control's layout (p, m, k).
#include <fmt/format.h>
#include <pybind11/stl.h>

#include "bindings.hpp"
#include "numpy_convert.hpp"
#include "specsweep/error.hpp"
#include "specsweep/statespace/frequency_response.hpp"

namespace specsweep::python {
namespace {

MatrixXcd matrix(const py::object& o, const char* name) {
  return to_complex_matrix(as_array(o), name, false);
}

py::object freqresp(const py::object& A, const py::object& B, const py::object& C,
                    const py::object& D, const py::object& omega, const py::object& E, double dt,
                    const std::string& method, bool return_info) {
  require(!omega.is_none(), "freqresp needs omega (a 1-D array of frequencies)");
  statespace::StateSpaceModel m;
  m.A = matrix(A, "A");
  m.B = to_complex_matrix(as_array(B), "B", true);
  m.C = matrix(C, "C");
  if (as_array(C).ndim() == 1) m.C.transposeInPlace();  // a 1-D C is one output row
  if (!D.is_none()) {
    const py::array d = as_array(D);
    m.D = d.ndim() == 0 ? MatrixXcd::Constant(1, 1, to_shifts(d)[0]) : matrix(D, "D");
  }
  if (!E.is_none()) m.E = matrix(E, "E");
  const py::array w = as_array(omega);
  require(w.ndim() <= 1, "omega must be 1-D");
  require(!is_complex_checked(w, "omega"), "omega must be real");
  std::vector<double> freqs;
  for (const cplx v : to_shifts(w)) freqs.push_back(v.real());
  statespace::FrequencyResponseOptions o;
  o.method = parse_method(method);
  o.dt = dt;
  statespace::FrequencyResponse r;
  {
    py::gil_scoped_release nogil;
    m.validate("freqresp");
    const statespace::FrequencyResponseSolver solver(m, o, Index(freqs.size()));
    r = solver.evaluate(freqs);
  }
  const Index k = Index(r.omega.size()), p = r.outputs, mi = r.inputs;
  std::vector<cplx> pmk(static_cast<size_t>(p * mi * k));  // (k, p, m) -> (p, m, k)
  for (Index j = 0; j < k; ++j)
    for (Index i = 0; i < p; ++i)
      for (Index c = 0; c < mi; ++c) pmk[size_t((i * mi + c) * k + j)] = r(j, i, c);
  py::array G = to_numpy(std::move(pmk), {p, mi, k});
  if (!return_info) return G;
  py::list flagged;
  for (const auto& f : r.flagged) {
    py::list entries;
    for (const auto& [i, c] : f.unreliable) entries.append(py::make_tuple(i, c));
    flagged.append(py::dict(py::arg("index") = f.index, py::arg("omega") = f.omega,
                            py::arg("kappa") = f.kappa, py::arg("unreliable") = entries));
  }
  py::dict info(py::arg("route") = r.route, py::arg("reason") = r.reason,
                py::arg("flagged") = flagged,
                py::arg("seconds") = py::dict(py::arg("factor") = r.factor_seconds,
                                              py::arg("sweep") = r.sweep_seconds));
  return py::make_tuple(G, info);
}

}  // namespace

void bind_statespace(py::module_& m) {
  using namespace pybind11::literals;
  m.def("freqresp", &freqresp, "A"_a, "B"_a, "C"_a, "D"_a = py::none(), "omega"_a = py::none(),
        "E"_a = py::none(), py::kw_only(), "dt"_a = 0.0, "method"_a = "auto",
        "return_info"_a = false, R"doc(
Frequency response G(z) = C (zE - A)^-1 B + D at z = 1j*omega (continuous time) or
z = exp(1j*omega*dt) (dt > 0), for every omega. E (descriptor, may be singular) defaults to
the identity, D to zero. The pencil is factored once (route chosen by `method`, as for
Resolvent); the sweep runs without the GIL.

Returns a complex128 array of shape (p, m, k): python-control's layout. With
sys = control.ss(A, B, C, D) (or control.dss(A, B, C, D, E)):
    specsweep.freqresp(A, B, C, D, omega=w)  ==  control.frequency_response(sys, w).fresp
                                             ==  sys(1j * w)
and magnitude / phase are np.abs(G) / np.angle(G) (control's .magnitude / .phase).
With return_info=True returns (G, info): info["flagged"] lists the frequencies at or next to a
pole, each with "unreliable" (output, input) entries, where python-control would return inf or
nan; info also has "route", "reason" and "seconds".)doc");
}

}  // namespace specsweep::python
