// specsweep.ribbon: the graphene ribbon operator A(q) = V(q) D(q) and its plasmon modes.
#include <fmt/format.h>
#include <pybind11/stl.h>

#include "bindings.hpp"
#include "numpy_convert.hpp"
#include "specsweep/error.hpp"
#include "specsweep/ribbon/absorption.hpp"
#include "specsweep/ribbon/emitter.hpp"
#include "specsweep/ribbon/model.hpp"
#include "specsweep/ribbon/modes.hpp"

namespace specsweep::python {
namespace {

std::vector<double> to_doubles(const py::object& o, const char* what) {
  const py::array a = as_array(o);
  if (is_complex_checked(a, what) || a.ndim() > 1)
    throw Error(fmt::format("{} must be a 1-D array of real numbers", what));
  auto d = py::array_t<double, py::array::c_style | py::array::forcecast>::ensure(a);
  return std::vector<double>(d.data(), d.data() + d.size());
}

// Sets the EmitterSetup field named like the keyword (the TOML keys of `ribbon emitter`).
void set_emitter_field(ribbon::EmitterSetup& s, const std::string& key, const py::handle& v) {
  auto num = [&] { return v.cast<double>(); };
  if (key == "width_nm")
    s.width_nm = num();
  else if (key == "eps_eff")
    s.eps_eff = num();
  else if (key == "gamma_eV")
    s.gamma_eV = num();
  else if (key == "cells")
    s.cells = v.cast<Index>();
  else if (key == "emitter_x_nm")
    s.emitter_x_nm = num();
  else if (key == "emitter_z_nm")
    s.emitter_z_nm = num();
  else if (key == "orientation_deg") {
    if (!v.is_none()) s.orientation_deg = num();
  } else if (key == "line_center_eV")
    s.line_center_eV = num();
  else if (key == "line_width_eV")
    s.line_width_eV = num();
  else if (key == "cross_section")
    s.cross_section = to_doubles(py::reinterpret_borrow<py::object>(v), "cross_section");
  else if (key == "observation_x_nm") {
    if (!v.is_none()) s.observation_x_nm = num();
  } else if (key == "observation_z_nm") {
    if (!v.is_none()) s.observation_z_nm = num();
  } else if (key == "observable") {
    const auto name = v.cast<std::string>();
    require(name == "purcell" || name == "intensity",
            fmt::format("observable must be 'purcell' or 'intensity', got '{}'", name));
    s.observable = name == "purcell" ? ribbon::EmitterObservable::Purcell
                                     : ribbon::EmitterObservable::Intensity;
  } else if (key == "q_points")
    s.q_points = v.cast<Index>();
  else if (key == "q_max_per_nm")
    s.q_max_per_nm = num();
  else if (key == "q_scale_per_nm")
    s.q_scale_per_nm = num();
  else if (key == "method")
    s.engine.method = parse_method(v.cast<std::string>());
  else
    throw Error(fmt::format("ribbon.emitter: unknown parameter '{}'", key));
}

}  // namespace

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
      "absorption",
      [](const py::object& fermi, const py::object& hw, Index cells, double width_nm,
         double eps_eff, double gamma_eV, const std::string& method) {
        rb::AbsorptionSetup setup;
        setup.fermi_eV = to_doubles(fermi, "fermi_eV");
        setup.hw_eV = to_doubles(hw, "hw_eV");
        setup.cells = cells;
        setup.width_nm = width_nm;
        setup.eps_eff = eps_eff;
        setup.gamma_eV = gamma_eV;
        setup.options.method = parse_method(method);
        rb::AbsorptionSpectrum a;
        {
          py::gil_scoped_release nogil;
          a = rb::absorption_spectrum(setup);
        }
        py::dict out;
        out["hw_eV"] = py::array_t<double>(a.hw_eV.size(), a.hw_eV.data());
        out["fermi_eV"] = py::array_t<double>(a.fermi_eV.size(), a.fermi_eV.data());
        out["sigma_nm"] = to_numpy(std::move(a.sigma_nm));
        const MatrixXcd& pol = a.polarisability;
        py::array_t<cplx> alpha({pol.rows(), pol.cols()},
                                {static_cast<py::ssize_t>(sizeof(cplx)),
                                 static_cast<py::ssize_t>(sizeof(cplx)) * pol.rows()},
                                pol.data());
        out["polarisability_nm2"] = alpha;
        out["dipole_hw_eV"] = py::array_t<double>(a.dipole_hw_eV.size(), a.dipole_hw_eV.data());
        out["method"] = to_string(a.route);
        out["reason"] = a.reason;
        return out;
      },
      "fermi_eV"_a, "hw_eV"_a, "cells"_a = 200, "width_nm"_a = 100.0, "eps_eff"_a = 1.0,
      "gamma_eV"_a = 0.01, "method"_a = "auto",
      R"doc(Normal-incidence absorption per unit length, field across the ribbon (phi_ext = -E0 x).

Returns a dict: sigma_nm (len(hw), len(fermi)) [nm], polarisability_nm2 (same, complex),
dipole_hw_eV (hw_1 from eta_1 per E_F), hw_eV, fermi_eV, method, reason. One factorisation
of A(0), then one projected sweep per E_F (O(N) per shift).)doc");
  m.def(
      "emitter",
      [](const py::object& fermi, const py::object& hw, const py::kwargs& kwargs) {
        rb::EmitterSetup setup;
        setup.fermi_eV = to_doubles(fermi, "fermi_eV");
        setup.hw_eV = to_doubles(hw, "hw_eV");
        for (const auto& item : kwargs)
          set_emitter_field(setup, item.first.cast<std::string>(), item.second);
        rb::validate(setup);
        rb::EmitterResult r;
        {
          py::gil_scoped_release nogil;
          r = rb::run_emitter_study(setup);
        }
        py::dict out;
        out["fermi_eV"] = py::array_t<double>(r.fermi_eV.size(), r.fermi_eV.data());
        out["hw_eV"] = py::array_t<double>(r.hw_eV.size(), r.hw_eV.data());
        out["observable"] = to_numpy(std::move(r.observable));
        out["observable_error"] = to_numpy(std::move(r.observable_error));
        out["P"] = py::array_t<double>(r.P.size(), r.P.data());
        out["P_error"] = py::array_t<double>(r.P_error.size(), r.P_error.data());
        out["best_fermi_eV"] = r.fermi_eV.empty() ? 0.0 : r.fermi_eV[static_cast<size_t>(r.best)];
        out["method"] = r.route;
        out["reason"] = r.reason;
        return out;
      },
      "fermi_eV"_a, "hw_eV"_a,
      R"doc(The dipole-emitter study in this process, as `specsweep ribbon emitter`.

Keywords (defaults as the CLI's): width_nm, eps_eff, gamma_eV, cells, emitter_x_nm,
emitter_z_nm, orientation_deg (None: average over theta), line_center_eV, line_width_eV,
cross_section, observation_x_nm, observation_z_nm, observable ("purcell" | "intensity"),
q_points, q_max_per_nm, q_scale_per_nm, method. Returns a dict: observable (len(fermi),
len(hw)) with its q-rule error estimate, P and P_error per E_F, best_fermi_eV, method, reason.)doc");
  m.def(
      "cell_centres",
      [](Index cells) {
        const VectorXd u = rb::cell_centres(cells);
        return py::array_t<double>(u.size(), u.data());
      },
      "cells"_a, "Cell centres u_i = (i + 1/2)/cells.");
}

}  // namespace specsweep::python
