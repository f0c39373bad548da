// specsweep.ribbon: the graphene ribbon operator A(q) = V(q) D(q) and its plasmon modes.
#include <pybind11/stl.h>

#include "bindings.hpp"
#include "numpy_convert.hpp"
#include "specsweep/ribbon/model.hpp"
#include "specsweep/ribbon/modes.hpp"

namespace specsweep::python {

void bind_ribbon(py::module_& m) {
  using namespace pybind11::literals;
  namespace rb = specsweep::ribbon;
  m.def(
      "operator",
      [](double qW, Index cells) {
        MatrixXd V, D;
        {
          py::gil_scoped_release nogil;
          const rb::RibbonOperator op(qW, cells);
          V = op.coulomb();
          D = op.difference();
        }
        return py::make_tuple(to_numpy(std::move(V)), to_numpy(std::move(D)));
      },
      "qW"_a, "cells"_a,
      R"doc((V, D) of the ribbon operator A(q) = V D on `cells` finite-volume cells of u = x/W.

V_ij = 2 int_{cell j} K0(qW |u_i - u'|) du' (symmetric positive definite; the neutral log kernel
at qW = 0); D = d^2/du^2 - (qW)^2 with zero flux at both edges (symmetric, <= 0). Pass them to
specsweep.Resolvent.from_product(V, D) for the stable symmetric-definite route.)doc");
  m.def(
      "modes",
      [](double qW, Index cells, Index count, const std::string& method) {
        Options o;
        o.method = parse_method(method);
        std::vector<double> eta;
        {
          py::gil_scoped_release nogil;
          eta = rb::plasmon_eta(qW, cells, count, o);
        }
        return py::array_t<double>(static_cast<py::ssize_t>(eta.size()), eta.data());
      },
      "qW"_a, "cells"_a, "count"_a = 0, "method"_a = "auto",
      R"doc(Plasmon eigenvalues eta_j = 1/lambda_j of A(qW) (lambda_j < 0), most negative first;
the first `count` (all when 0). At qW -> 0 the dipole mode tends to eta_1 = -0.0687, first
order in 1/cells. Convert to energies with plasmon_energy(eta, fermi_eV, eps_eff, width_nm).)doc");
  m.def("plasmon_energy", py::vectorize(rb::plasmon_energy), "eta"_a, "fermi_eV"_a, "eps_eff"_a,
        "width_nm"_a,
        "hw_j [eV] = sqrt(alpha hbar c E_F / (pi eps_eff W (-eta_j))); broadcasts over arrays.");
  m.def("asymptotic_eta", py::vectorize(rb::asymptotic_eta), "j"_a,
        "Large-j asymptote eta_j ~ -1/(2 pi^2 (j - 1/4)) of the qW = 0 spectrum.");
  m.def("drude_prefactor", py::vectorize(rb::drude_prefactor), "fermi_eV"_a, "hw_eV"_a,
        "gamma_eV"_a, "eps_eff"_a, "width_nm"_a,
        "The shift EE = -(alpha hbar c E_F)/(pi eps_eff W) / (hw (hw + i Gamma)) of\n"
        "(I - EE A(q)) phi_tot = phi_ext; broadcasts over arrays (e.g. an hw grid).");
  m.def(
      "cell_centres",
      [](Index cells) {
        const VectorXd u = rb::cell_centres(cells);
        return py::array_t<double>(u.size(), u.data());
      },
      "cells"_a, "Cell centres u_i = (i + 1/2)/cells.");
}

}  // namespace specsweep::python
