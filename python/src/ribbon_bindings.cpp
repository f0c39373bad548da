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
#include "specsweep/ribbon/parameters.hpp"

namespace specsweep::python {
namespace {

std::vector<double> to_doubles(const py::object& o, const char* what) {
  const py::array a = as_array(o);
  if (is_complex_checked(a, what) || a.ndim() > 1)
    throw Error(fmt::format("{} must be a 1-D array of real numbers", what));
  auto d = py::array_t<double, py::array::c_style | py::array::forcecast>::ensure(a);
  return std::vector<double>(d.data(), d.data() + d.size());
}

// A Python value as the parameter table takes it: None (unset), int, float, str, or an
// array-like of numbers; the row's kind then decides what it accepts.
ribbon::Value to_value(const py::handle& h, const std::string& name) {
  if (h.is_none()) return {};
  if (py::isinstance<py::bool_>(h)) throw Error(fmt::format("{}: expected a number, got a bool", name));
  if (py::isinstance<py::int_>(h)) return ribbon::Value(std::in_place_type<Index>, h.cast<Index>());
  if (py::isinstance<py::float_>(h)) return ribbon::Value(std::in_place_type<double>, h.cast<double>());
  if (py::isinstance<py::str>(h)) return h.cast<std::string>();
  const py::array a = as_array(py::reinterpret_borrow<py::object>(h));
  if (a.ndim() == 0) {  // a NumPy scalar
    const py::object o = py::reinterpret_borrow<py::object>(h);
    if (a.dtype().kind() == 'i' || a.dtype().kind() == 'u')
      return ribbon::Value(std::in_place_type<Index>, py::int_(o).cast<Index>());
    if (a.dtype().kind() == 'f') return ribbon::Value(std::in_place_type<double>, py::float_(o).cast<double>());
  }
  return to_doubles(py::reinterpret_borrow<py::object>(h), name.c_str());
}

// The keywords of one call, named by themselves in messages ("width_nm: ...").
template <class S>
S setup_from(const ribbon::Schema<S>& schema, const py::kwargs& kwargs) {
  std::vector<ribbon::Given> given;
  for (const auto& [k, v] : kwargs) {
    const std::string name = py::str(k);
    const ribbon::Parameter<S>* row = schema.find(name);
    if (row && row->kind == ribbon::ParameterKind::Oscillators && !v.is_none()) {
      // [(strength, hw0_eV, gamma_eV), ...] or its flat form: the row's triples
      const py::object flat = py::module_::import("numpy").attr("ravel")(v);
      given.push_back({name, to_doubles(flat, name.c_str()), name, 0});
      continue;
    }
    given.push_back({name, to_value(v, name), name, 0});
  }
  return ribbon::assemble(schema, given);
}

py::object to_python(const ribbon::Value& v) {
  if (const auto* i = std::get_if<Index>(&v)) return py::int_(*i);
  if (const auto* d = std::get_if<double>(&v)) return py::float_(*d);
  if (const auto* w = std::get_if<std::string>(&v)) return py::str(*w);
  if (const auto* l = std::get_if<std::vector<double>>(&v))
    return py::array_t<double>(static_cast<py::ssize_t>(l->size()), l->data());
  return py::none();
}

// The setup's parameters keyed by keyword: passing them back as keywords gives the same setup.
template <class S>
py::dict parameters_dict(const ribbon::Schema<S>& schema, const S& s) {
  py::dict d;
  for (const auto& [p, v] : ribbon::values(schema, s)) d[py::str(p->name)] = to_python(v);
  return d;
}

// One line per keyword for the docstring: name, help, unit, rule and default.
template <class S>
std::string keyword_doc(const ribbon::Schema<S>& schema) {
  const S defaults;
  std::string doc;
  for (const auto& p : schema.rows) {
    const std::string d = ribbon::to_text(p.get(defaults));
    doc += fmt::format("  {}: {}{}{}{}\n", p.name, p.help, p.unit.empty() ? "" : " [" + p.unit + "]",
                       p.check.rule.empty() ? "" : "; " + p.check.rule,
                       d.empty() ? "" : "; default " + d);
  }
  return doc;
}

template <class S>
py::list table_of(const ribbon::Schema<S>& schema) {
  const S defaults;
  py::list rows;
  for (const auto& p : schema.rows) {
    py::dict r;
    r["name"] = p.name;
    r["key"] = p.key;
    r["flag"] = p.flag;
    r["unit"] = p.unit;
    r["rule"] = p.check.rule;
    r["type"] = p.type_name();
    r["default"] = to_python(p.get(defaults));
    r["help"] = p.help;
    rows.append(r);
  }
  return rows;
}

// f(schema) for the study named `study`.
template <class F>
auto with_study(const std::string& study, F&& f) {
  if (study == "modes") return f(ribbon::modes_parameters());
  if (study == "absorption") return f(ribbon::absorption_parameters());
  if (study == "emitter") return f(ribbon::emitter_parameters());
  if (study == "conductivity") return f(ribbon::conductivity_parameters());
  throw Error(fmt::format("unknown study '{}' (modes, absorption, emitter, conductivity)", study));
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
      "dispersion",
      [](const py::kwargs& kwargs) {
        const auto& schema = rb::modes_parameters();
        const rb::ModesSetup setup = setup_from(schema, kwargs);
        std::vector<rb::ModeBranches> branches;
        {
          py::gil_scoped_release nogil;
          branches = rb::modes_study(setup);
        }
        py::list modes;
        for (const rb::ModeBranches& b : branches) {
          py::dict d;
          d["qW"] = b.qW;
          d["eta"] = py::array_t<double>(static_cast<py::ssize_t>(b.eta.size()), b.eta.data());
          d["hw_eV"] = py::array_t<double>(static_cast<py::ssize_t>(b.hw_eV.size()), b.hw_eV.data());
          modes.append(d);
        }
        py::dict out;
        out["modes"] = modes;
        out["parameters"] = parameters_dict(schema, setup);
        return out;
      },
      (R"doc(The modes study, as `specsweep ribbon modes`: plasmon eta_j of A(qW) for every qW.

Returns a dict: modes, a list of {qW, eta, hw_eV} (hw_eV empty unless width_nm and fermi_eV are
given), and parameters (the keywords that reproduce the call). Keywords:
)doc" + keyword_doc(rb::modes_parameters())).c_str());
  m.def(
      "absorption",
      [](const py::kwargs& kwargs) {
        const auto& schema = rb::absorption_parameters();
        const rb::AbsorptionSetup setup = setup_from(schema, kwargs);
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
        if (a.absorbance.size() > 0) out["absorbance"] = to_numpy(std::move(a.absorbance));
        out["method"] = to_string(a.route);
        out["reason"] = a.reason;
        out["parameters"] = parameters_dict(schema, setup);
        return out;
      },
      (R"doc(Normal-incidence absorption per unit length, as `specsweep ribbon absorption`.

Returns a dict: sigma_nm (len(hw), len(fermi)) [nm] (arrays: per period), polarisability_nm2
(same, complex), absorbance (arrays only: same layout), dipole_hw_eV (hw_1 from eta_1 per E_F), hw_eV, fermi_eV, method, reason, parameters. One
factorisation of A(0), then one projected sweep per E_F (O(N) per shift). Keywords:
)doc" + keyword_doc(rb::absorption_parameters())).c_str());
  m.def(
      "emitter",
      [](const py::kwargs& kwargs) {
        const auto& schema = rb::emitter_parameters();
        const rb::EmitterSetup setup = setup_from(schema, kwargs);
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
        out["parameters"] = parameters_dict(schema, setup);
        return out;
      },
      (R"doc(The emitter study in this process, as `specsweep ribbon emitter`.

Returns a dict: observable (len(fermi), len(hw)) with its q-rule error estimate, P and P_error
per E_F, best_fermi_eV, method, reason, parameters. Keywords:
)doc" + keyword_doc(rb::emitter_parameters())).c_str());
  m.def(
      "conductivity",
      [](const py::kwargs& kwargs) {
        const auto& schema = rb::conductivity_parameters();
        const rb::ConductivitySetup setup = setup_from(schema, kwargs);
        const rb::ConductivitySpectrum c = rb::conductivity_spectrum(setup);
        auto array = [](const std::vector<cplx>& v) {
          return py::array_t<cplx>(static_cast<py::ssize_t>(v.size()), v.data());
        };
        py::dict out;
        out["hw_eV"] = py::array_t<double>(c.hw_eV.size(), c.hw_eV.data());
        out["sigma"] = array(c.total);
        out["sigma_intra"] = array(c.intra);
        out["sigma_inter"] = array(c.inter);
        out["shift"] = array(c.shift);
        out["parameters"] = parameters_dict(schema, setup);
        return out;
      },
      (R"doc(Sheet conductivity sigma~(hw) = sigma / (e^2/hbar), as `specsweep ribbon conductivity`.

Returns a dict: hw_eV, sigma (complex, intra + inter), sigma_intra, sigma_inter, shift
(s = e^2 i sigma~ / (eps_eff W hw)), parameters. Keywords:
)doc" + keyword_doc(rb::conductivity_parameters())).c_str());
  m.def(
      "parameters",
      [](const std::string& study, const py::kwargs& kwargs) {
        return with_study(study, [&](const auto& schema) { return parameters_dict(schema, setup_from(schema, kwargs)); });
      },
      "study"_a,
      "The parameters a study would take from these keywords (defaults filled in, checked, but\n"
      "not limited to what this build runs), keyed by keyword.");
  m.def(
      "config",
      [](const std::string& study, const py::kwargs& kwargs) {
        return with_study(study, [&](const auto& schema) { return rb::to_toml(schema, setup_from(schema, kwargs)); });
      },
      "study"_a,
      "The same as TOML text, line for line what `specsweep ribbon <study> --print-config` prints\n"
      "for the equivalent flags; `--config` reads it back.");
  m.def(
      "parameter_table",
      [](const std::string& study) { return with_study(study, [](const auto& schema) { return table_of(schema); }); },
      "study"_a,
      "The study's parameter table: one dict per parameter with its keyword (name), TOML key,\n"
      "flag, unit, rule, type, default and help.");
  m.def(
      "cell_centres",
      [](Index cells) {
        const VectorXd u = rb::cell_centres(cells);
        return py::array_t<double>(u.size(), u.data());
      },
      "cells"_a, "Cell centres u_i = (i + 1/2)/cells.");
}

}  // namespace specsweep::python
